# Sourced by bin/*: finds a JDK >= 21 for the build and the launcher (GraalPy's optimizing
# runtime needs it; the machine's default java may be older). Order: $SPM_JAVA_HOME, $JAVA_HOME,
# then the newest JDK in $SPM_JVM_DIRS (':'-separated, default /usr/lib/jvm). Sets SPM_JDK, or
# prints what it looked at and returns 1.

spm_jdk_major() { # JDK folder -> its feature version, from its `release` file (no JVM start)
  local v
  v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" 2>/dev/null)
  [ -n "$v" ] && [ -x "$1/bin/java" ] && echo "$v"
}

spm_find_jdk() {
  local min=21 looked=() d v best="" bestv=0 dirs
  for d in "${SPM_JAVA_HOME:-}" "${JAVA_HOME:-}"; do
    [ -n "$d" ] || continue
    v=$(spm_jdk_major "$d") || true
    if [ -n "$v" ] && [ "$v" -ge "$min" ]; then SPM_JDK=$d; return 0; fi
    if [ -n "$v" ]; then looked+=("$d (JDK $v)"); else looked+=("$d (not a JDK)"); fi
  done
  IFS=: read -r -a dirs <<< "${SPM_JVM_DIRS:-/usr/lib/jvm}"
  for parent in "${dirs[@]}"; do
    looked+=("$parent/*")
    for d in "$parent"/*/; do
      d=${d%/}
      [ -d "$d" ] && [ ! -L "$d" ] || continue
      v=$(spm_jdk_major "$d") || continue
      looked+=("  $d (JDK $v)")
      if [ "$v" -ge "$min" ] && [ "$v" -gt "$bestv" ]; then best=$d; bestv=$v; fi
    done
  done
  if [ -n "$best" ]; then SPM_JDK=$best; return 0; fi
  {
    echo "spm-python: no JDK $min or newer found (GraalPy's JIT needs one). Looked at:"
    for d in "${looked[@]}"; do echo "    $d"; done
    echo "  Install one (e.g. a Temurin JDK 25 under /usr/lib/jvm) or point SPM_JAVA_HOME or JAVA_HOME at it."
  } >&2
  return 1
}
