#!/usr/bin/env bash
# Rebuild the vendored GOV.UK Frontend (static/govuk) and the app's own styles (static/app.css).
# Needs Node and npm; the versions are pinned in package.json / package-lock.json.
# GOV.UK Frontend's version must be one govuk-frontend-jinja supports (see pyproject.toml).
set -euo pipefail
cd "$(dirname "$0")"
npm ci --silent
version=$(node -p 'require("govuk-frontend/package.json").version')
dist=node_modules/govuk-frontend/dist/govuk
out=../static/govuk
rm -rf "$out" && mkdir -p "$out"
npx sass --pkg-importer=node --style=compressed --no-source-map govuk.scss "$out/govuk-frontend.min.css"
npx sass --pkg-importer=node --style=compressed --no-source-map app.scss ../static/app.css
cp "$dist/govuk-frontend.min.js" "$out/govuk-frontend.min.js"
# No assets are copied: the fonts are GDS Transport (not used outside GOV.UK) and the images carry
# the crown; the footer that would show the crest is not used (base.html writes its own).
echo "$version" > "$out/VERSION"
echo "GOV.UK Frontend $version built into static/govuk; the app styles into static/app.css"
