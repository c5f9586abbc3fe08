#!/bin/sh
# Publish a notice into a checkout of the website's own repository, and push it there: the site's build
# deploys it like any other page.
#
# channels.yaml:  stadt-website: { platform: website, dir: ../stadt-website/static/meldungen, base_url: https://www.example-stadt.de/meldungen/ }
#
#   examples/website/commit-to-site.sh notices/2026-11-29-bombe.md
set -eu
notice="$1"
site="${ANNOUNCE_SITE_CHECKOUT:-../stadt-website}"
publish_site() {
  git -C "$site" pull --rebase
  git -C "$site" add static/meldungen
  git -C "$site" diff --cached --quiet || git -C "$site" commit -m "Meldung: $(basename "$notice" .md)"
  git -C "$site" push
}

announce post "$notice" --channel website
publish_site
# Wait for the site's deploy before the social posts link to the page (announce check says when it is live).
until announce check --channel website --json | grep -q '"warnings": \[\]'; do sleep 20; done
status=0
announce post "$notice" || status=$?
publish_site
exit "$status"
