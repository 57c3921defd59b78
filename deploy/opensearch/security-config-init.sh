#!/bin/bash
# security-config-init: render the security plugin configuration into the
# `opensearch-security-config` volume before the nodes start.
#
# Passwords come from the environment (.env); only their BCrypt hashes are
# written, with the plugin's own hash tool. /src is deploy/opensearch (read-only).
set -euo pipefail

SRC="${SRC_DIR:-/src}"
DEST="${DEST_DIR:-/usr/share/opensearch/config/opensearch-security}"
HASH_TOOL="${HASH_TOOL:-/usr/share/opensearch/plugins/opensearch-security/tools/hash.sh}"

fail() { echo "security-config-init: $*" >&2; exit 1; }

# Each __NAME_HASH__ placeholder in the template needs a NAME_PASSWORD variable.
VARS="$(grep -oE '__[A-Z][A-Z0-9_]*_HASH__' "$SRC/internal_users.yml" | sort -u \
    | sed -E 's/^__(.*)_HASH__$/\1_PASSWORD/')"
[ -n "$VARS" ] || fail "no __..._HASH__ placeholders in $SRC/internal_users.yml"

for var in $VARS; do
    value="${!var:-}"
    [ -n "$value" ] || fail "$var is empty: set it in .env"
    case "$value" in
        change-me*) fail "$var still has the placeholder value from .env.example" ;;
    esac
    [ "${#value}" -ge 12 ] || fail "$var must be at least 12 characters"
done

rendered="$(mktemp)"
trap 'rm -f "$rendered"' EXIT
cp "$SRC/internal_users.yml" "$rendered"
for var in $VARS; do
    # -env reads the password from the named variable: it never shows up in `ps`.
    hash="$("$HASH_TOOL" -env "$var" | grep -E '^\$2[aby]\$[0-9]{2}\$' | tail -n 1)"
    [ -n "$hash" ] || fail "could not hash $var"
    sed -i "s|__${var%_PASSWORD}_HASH__|${hash}|" "$rendered"
done
if grep -q '__[A-Z0-9_]*_HASH__' "$rendered"; then
    fail "internal_users.yml still has a placeholder after rendering"
fi

mkdir -p "$DEST"
install -m 600 "$rendered" "$DEST/internal_users.yml"
for f in config.yml roles.yml roles_mapping.yml; do
    install -m 644 "$SRC/$f" "$DEST/$f"
done
echo "security-config-init: wrote $DEST (users: $(grep -cE '^[a-z][a-z0-9_-]*:' "$DEST/internal_users.yml"))"
