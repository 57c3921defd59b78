#!/bin/sh
# certs-init: fill the TLS volumes once (copy operator-supplied PEMs from /src,
# or generate a private CA and certificates with openssl).
#   /certs       -> opensearch-certs  (nodes + security tooling: everything)
#   /ca          -> opensearch-ca     (public CA certificate only: Airflow)
#   /dashboards  -> dashboards-certs  (CA + Dashboards server certificate)
set -eu

DN_SUFFIX="${CERT_DN_SUFFIX:-OU=newsetl,O=newsetl}"
OS_UID="${OPENSEARCH_UID:-1000}"
DAYS="${CERT_DAYS:-825}"
NAMES="admin opensearch-node1 opensearch-node2 opensearch-dashboards"
# Mount points inside the init container (overridable to test the script locally).
SRC="${SRC_DIR:-/src}"
CERTS="${CERTS_DIR:-/certs}"
CA="${CA_DIR:-/ca}"
DASH="${DASHBOARDS_DIR:-/dashboards}"

if [ -f "$CERTS/.complete" ]; then
    echo "certs-init: certificates already present, nothing to do"
    exit 0
fi

command -v openssl >/dev/null 2>&1 || apk add --no-cache openssl >/dev/null

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"

# Turn "OU=newsetl,O=newsetl" into "/O=newsetl/OU=newsetl" for `-subj`
# (RFC 2253 lists the most specific part first, -subj the other way round).
subj_prefix="$(echo "$DN_SUFFIX" | tr ',' '\n' | awk '{a[NR]=$0} END {for (i=NR; i>0; i--) printf "/%s", a[i]}')"

if [ -f "$SRC/root-ca.pem" ]; then
    echo "certs-init: using operator-supplied certificates from deploy/opensearch/certs/"
    cp "$SRC/root-ca.pem" .
    for n in $NAMES; do
        cp "$SRC/$n.pem" "$SRC/$n-key.pem" .
    done
else
    echo "certs-init: generating a private CA and certificates"
    openssl genrsa -out ca-key.pem 3072 2>/dev/null
    openssl req -x509 -new -sha256 -days 3650 -key ca-key.pem \
        -subj "${subj_prefix}/CN=newsetl-root-ca" -out root-ca.pem
    issue() {
        name="$1"; san="$2"
        openssl genrsa -out "$name-rsa.pem" 3072 2>/dev/null
        # OpenSearch reads PKCS#8 keys only.
        openssl pkcs8 -topk8 -nocrypt -in "$name-rsa.pem" -out "$name-key.pem"
        openssl req -new -key "$name-key.pem" -subj "${subj_prefix}/CN=$name" -out "$name.csr"
        {
            echo "basicConstraints=CA:FALSE"
            echo "keyUsage=critical,digitalSignature,keyEncipherment"
            echo "extendedKeyUsage=serverAuth,clientAuth"
            if [ -n "$san" ]; then echo "subjectAltName=$san"; fi
        } > "$name.ext"
        openssl x509 -req -sha256 -days "$DAYS" -in "$name.csr" -CA root-ca.pem \
            -CAkey ca-key.pem -CAcreateserial -extfile "$name.ext" -out "$name.pem" 2>/dev/null
    }
    issue admin ""
    issue opensearch-node1 "DNS:opensearch-node1,DNS:localhost,IP:127.0.0.1"
    issue opensearch-node2 "DNS:opensearch-node2,DNS:localhost,IP:127.0.0.1"
    issue opensearch-dashboards "DNS:opensearch-dashboards,DNS:localhost,IP:127.0.0.1"
    mkdir -p "$CERTS/ca"
    cp ca-key.pem root-ca.srl "$CERTS/ca"
    chmod 700 "$CERTS/ca"
    chmod 600 "$CERTS"/ca/*
fi

for n in $NAMES; do
    openssl verify -CAfile root-ca.pem "$n.pem" >/dev/null
done

cp root-ca.pem "$CERTS"
for n in $NAMES; do cp "$n.pem" "$n-key.pem" "$CERTS"; done
chown "$OS_UID:0" "$CERTS" "$CERTS"/*.pem
chmod 750 "$CERTS"
chmod 640 "$CERTS"/*.pem

cp root-ca.pem "$CA/root-ca.pem"
chmod 644 "$CA/root-ca.pem"

cp root-ca.pem opensearch-dashboards.pem opensearch-dashboards-key.pem "$DASH"
chown "$OS_UID:0" "$DASH" "$DASH"/*.pem
chmod 750 "$DASH"
chmod 640 "$DASH"/*.pem

touch "$CERTS/.complete"
echo "certs-init: done"
