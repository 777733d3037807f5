package org.spmpython.natives;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** CpuInfo reads the first processor's flags line: x86's "flags", ARM's "Features". */
class CpuInfoTest {
    @Test
    void x86FlagsSortedWithoutRepeats() {
        List<String> cpuinfo = List.of("processor\t: 0", "vendor_id\t: GenuineIntel",
                "flags\t\t: sse2 fpu avx2 sse2", "bugs\t\t: spectre_v1", "", "processor\t: 1",
                "flags\t\t: something else");
        assertEquals(Optional.of(List.of("avx2", "fpu", "sse2")), CpuInfo.flags(cpuinfo));
    }

    @Test
    void armFeatures() {
        assertEquals(Optional.of(List.of("asimd", "fp")),
                CpuInfo.flags(List.of("processor\t: 0", "Features\t: fp asimd", "CPU part\t: 0xd0c")));
    }

    @Test
    void noFlagsLine() {
        assertEquals(Optional.empty(), CpuInfo.flags(List.of("processor\t: 0", "model name\t: x")));
    }
}
