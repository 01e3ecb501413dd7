// Run one SQL statement in DuckDB (npm @duckdb/node-api) for make bench:
// node scripts/duckdb-query.mjs SQL [THREADS]
import { DuckDBInstance } from '@duckdb/node-api';

const [sql, threads] = [process.argv[2], process.argv[3] || '2'];
const db = await DuckDBInstance.create(':memory:', { threads });
const con = await db.connect();
await con.run(sql);
