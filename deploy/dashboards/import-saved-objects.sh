#!/bin/sh
# dashboards-init: import schemas/dashboards.ndjson into the Global tenant
# once OpenSearch Dashboards answers. Idempotent (overwrite=true), so it runs
# on every `docker-compose up` and keeps Dashboards in step with schemas/.
set -eu

BASE="${DASHBOARDS_URL:-https://opensearch-dashboards:5601}"
CA="${CA_FILE:-/certs/root-ca.pem}"
FILE="${SAVED_OBJECTS:-/schemas/dashboards.ndjson}"
USER_NAME="${DASHBOARDS_IMPORT_USER:-admin}"
: "${OPENSEARCH_ADMIN_PASSWORD:?set it in .env}"
TRIES="${WAIT_TRIES:-60}"

fail() { echo "dashboards-init: $*" >&2; exit 1; }
[ -s "$FILE" ] || fail "$FILE is missing or empty"

# Credentials go through a curl config file, not the command line (`ps`).
cfg="$(mktemp)"
trap 'rm -f "$cfg"' EXIT
chmod 600 "$cfg"
escaped="$(printf '%s' "$USER_NAME:$OPENSEARCH_ADMIN_PASSWORD" | sed 's/[\\"]/\\&/g')"
printf 'user = "%s"\ncacert = "%s"\n' "$escaped" "$CA" > "$cfg"

i=0
until curl -fsS -K "$cfg" -o /dev/null "$BASE/api/status"; do
    i=$((i + 1))
    [ "$i" -lt "$TRIES" ] || fail "Dashboards at $BASE not ready"
    sleep 5
done

response="$(curl -sS -K "$cfg" -X POST "$BASE/api/saved_objects/_import?overwrite=true" \
    -H "osd-xsrf: true" -H "securitytenant: global" --form "file=@$FILE")"
case "$response" in
    *'"success":true'*) ;;
    *) fail "import failed: $response" ;;
esac
count="$(printf '%s' "$response" | sed -n 's/.*"successCount":\([0-9]*\).*/\1/p')"
echo "dashboards-init: imported ${count:-?} saved objects from $FILE"
