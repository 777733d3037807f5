# Sourced by bin/build and bin/test: runs Maven in the checkout on a JDK >= 21 (bin/lib/jdk.sh).
. "$(dirname "${BASH_SOURCE[0]}")/jdk.sh"

spm_maven() {
  spm_find_jdk || exit 1
  export JAVA_HOME=$SPM_JDK
  if [ "$(spm_jdk_major "$SPM_JDK")" -ge 24 ]; then
    # Maven's own Guava trips JDK 24+'s sun.misc.Unsafe warning; it is not ours to fix.
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
  cd "$root"
  exec mvn -B -Dstyle.color=never "$@"
}
