package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * spm.sys.native (the native probes preload probes call), checked against what the system's own
 * tools say: glibc's version as {@code ldd --version} reports it, the CPU flags of
 * /proc/cpuinfo, the CUDA driver (None without libcuda, as {@code ldconfig -p} tells), and the
 * DT_NEEDED libraries of /bin/ls and of an MPI program built here with mpicc (Open MPI:
 * {@code apt-get install -y openmpi-bin libopenmpi-dev}, as .ci/run does). One spm-python start.
 */
@ExtendWith(ProcessLeakCheck.class)
class NativeProbesTest {
    @Test
    void nativeProbesAgreeWithTheSystem() throws Exception {
        Path dir = Paths.newScratchDir("native-");
        Path mpiProgram = buildMpiProgram(dir);
        Path notElf = Paths.write(dir, "notelf.txt", "plain text, not a program\n");
        String program = """
                import sys
                n = spm.sys.native
                print(n.glibc_version())
                print(' '.join(n.cpu_flags()))
                print(repr(n.cuda_driver_version()))
                print(n.elf_needed('/bin/ls'))
                print(n.elf_needed(sys.argv[1]))
                for path in (sys.argv[2], sys.argv[2] + '.absent'):
                    try:
                        n.elf_needed(path)
                    except OSError as e:
                        print(type(e).__name__, e)
                    except ValueError as e:
                        print(type(e).__name__, e)
                """;
        var r = SpmPython.with("-c", program, mpiProgram.toString(), notElf.toString()).run();
        assertEquals(0, r.exitCode(), r.toString());
        List<String> lines = r.stdout().lines().toList();
        assertEquals(7, lines.size(), r.toString());

        assertEquals(lddGlibcVersion(), lines.get(0), "glibc version");
        assertEquals(cpuinfoFlags(), new TreeSet<>(Arrays.asList(lines.get(1).split(" "))), "CPU flags");
        assertTrue(lines.get(1).split(" ").length > 5, lines.get(1));
        if (libcudaInstalled()) {
            assertTrue(lines.get(2).matches("\\d+|None"), "CUDA driver version: " + lines.get(2));
        } else {
            assertEquals("None", lines.get(2), "no libcuda here, so no CUDA driver version");
        }
        assertTrue(lines.get(3).contains("'libc.so.6'"), "/bin/ls needs libc: " + lines.get(3));
        assertTrue(lines.get(4).matches("\\[.*'libmpi\\.so[.0-9]*'.*\\]"), "the MPI program needs libmpi: " + lines.get(4));
        assertEquals("ValueError not an ELF file: " + notElf, lines.get(5));
        assertEquals("FileNotFoundError no such file: " + notElf + ".absent", lines.get(6));
    }

    private static Path buildMpiProgram(Path dir) throws Exception {
        Path source = Paths.write(dir, "hello_mpi.c", """
                #include <mpi.h>
                int main(int argc, char **argv) {
                    MPI_Init(&argc, &argv);
                    MPI_Finalize();
                    return 0;
                }
                """);
        Path program = dir.resolve("hello_mpi");
        String out;
        int status;
        try {
            Process p = new ProcessBuilder("mpicc", "-o", program.toString(), source.toString())
                    .redirectErrorStream(true).start();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            status = p.waitFor(120, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            fail("mpicc is needed to build an MPI program (apt-get install -y openmpi-bin libopenmpi-dev,"
                    + " as .ci/run does): " + e.getMessage());
            return null;
        }
        assertEquals(0, status, "mpicc failed:\n" + out);
        return program;
    }

    private static String command(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        return out;
    }

    /** The version at the end of ldd's first line: "ldd (Debian GLIBC 2.36-9+deb12u14) 2.36". */
    private static String lddGlibcVersion() throws Exception {
        String first = command("ldd", "--version").lines().findFirst().orElseThrow();
        return first.substring(first.lastIndexOf(' ') + 1);
    }

    private static TreeSet<String> cpuinfoFlags() throws IOException {
        String line = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(l -> l.startsWith("flags")).findFirst().orElseThrow();
        return new TreeSet<>(Arrays.asList(line.substring(line.indexOf(':') + 1).trim().split("\\s+")));
    }

    private static boolean libcudaInstalled() throws Exception {
        return command("/sbin/ldconfig", "-p").lines().anyMatch(l -> l.trim().startsWith("libcuda.so"));
    }
}
