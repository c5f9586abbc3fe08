#!/bin/sh
# Publish a notice and copy the website folder to the web server with rsync.
#
# channels.yaml:  stadt-website: { platform: website, dir: ./public/meldungen, base_url: https://www.example-stadt.de/meldungen/ }
# The web server serves /var/www/meldungen at that URL. --delay-updates puts the new files in place at the
# end of the transfer, so readers see the old site or the new one.
#
#   examples/website/rsync.sh notices/2026-11-29-bombe.md
set -eu
notice="$1"
target="${ANNOUNCE_RSYNC_TARGET:-www@www.example-stadt.de:/var/www/meldungen/}"
sync() { rsync -rlt --delay-updates public/meldungen/ "$target"; }

# The page first: the social posts link to it and Instagram and Threads fetch its images.
announce post "$notice" --channel website
sync
# Then every other channel; this run also lists their copies on the page.
status=0
announce post "$notice" || status=$?
sync
announce check --channel website
exit "$status"
