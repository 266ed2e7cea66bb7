#!/usr/bin/env bash
# Re-vendors GraphiQL's browser assets into assets/graphiql/ from the npm registry (npm pack),
# at the pinned versions below: the production UMD builds of react and react-dom, GraphiQL's
# UMD bundle (it carries graphql-js and CodeMirror) and stylesheet, and each package's LICENSE
# (all MIT). The files are committed, so a clean clone builds without network; run this only to
# change a version, then review the diff of assets/graphiql/SHA256SUMS.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/assets/graphiql"

REACT=18.3.1      # the last major with UMD builds
GRAPHIQL=3.9.0    # the last major with a UMD bundle (4.x and later are ES modules + Monaco)

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "react@$REACT" "react-dom@$REACT" "graphiql@$GRAPHIQL" >/dev/null)
for pkg in "react-$REACT" "react-dom-$REACT" "graphiql-$GRAPHIQL"; do
  mkdir -p "$tmp/$pkg" && tar xzf "$tmp/$pkg.tgz" -C "$tmp/$pkg"
done

cp "$tmp/react-$REACT/package/umd/react.production.min.js" "$out/react.production.min.js"
cp "$tmp/react-dom-$REACT/package/umd/react-dom.production.min.js" "$out/react-dom.production.min.js"
cp "$tmp/graphiql-$GRAPHIQL/package/graphiql.min.js" "$out/graphiql.min.js"
cp "$tmp/graphiql-$GRAPHIQL/package/graphiql.min.css" "$out/graphiql.min.css"
cp "$tmp/react-$REACT/package/LICENSE" "$out/LICENSE.react"
cp "$tmp/react-dom-$REACT/package/LICENSE" "$out/LICENSE.react-dom"
cp "$tmp/graphiql-$GRAPHIQL/package/LICENSE" "$out/LICENSE.graphiql"
printf 'react %s\nreact-dom %s\ngraphiql %s\n' "$REACT" "$REACT" "$GRAPHIQL" >"$out/VERSIONS"
(cd "$out" && sha256sum react.production.min.js react-dom.production.min.js graphiql.min.js graphiql.min.css >SHA256SUMS)
echo "vendored react $REACT, react-dom $REACT, graphiql $GRAPHIQL into ${out#"$root"/}"
