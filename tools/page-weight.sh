#!/usr/bin/env bash
# Bytes transferred for a page and the CSS/JS it links, as a browser asking for br/gzip would get them (no map tiles).
# Usage: tools/page-weight.sh [base URL] [path]   (default: http://127.0.0.1:5080 /lieux?ou=42100)
set -euo pipefail
base=${1:-http://127.0.0.1:5080}
path=${2:-/lieux?ou=42100}
size() { curl -s -o /dev/null -H "Accept-Encoding: br, gzip" -w "%{size_download}" "$base$1"; }
total=$(size "$path")
printf '%8d  %s\n' "$total" "$path"
for asset in $(curl -s "$base$path" | grep -oE '<(link[^>]+href|script[^>]+src)="/[^"]+\.(css|js)[^"]*"' | grep -oE '"/[^"]+"' | tr -d '"'); do
  bytes=$(size "$asset")
  printf '%8d  %s\n' "$bytes" "$asset"
  total=$((total + bytes))
done
printf '%8d  total\n' "$total"
