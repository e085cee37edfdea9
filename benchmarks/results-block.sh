# Sourced by the benchmark scripts (exam-day, cluster, chaos, fuzz-parsers).
# write_results_block NAME FILE BLOCK: replaces the block between "<!-- NAME: start" and
# "<!-- NAME: end" in FILE with BLOCK (which carries both markers), or appends BLOCK when FILE has
# none; the rest of FILE is kept. Says where it wrote on stderr.
write_results_block() {
  local name=$1 file=$2 block=$3
  if grep -q "<!-- $name: start" "$file"; then
    awk -v block="$block" -v start="<!-- $name: start" -v end="<!-- $name: end" '
      index($0, start) == 1 {print block; skip=1; next}
      index($0, end) == 1 {skip=0; next}
      !skip {print}' "$file" >"$file.new" && mv "$file.new" "$file"
  else
    printf '\n%s\n' "$block" >>"$file"
  fi
  echo "$name: block written to $file" >&2
}
