package org.spmpython.bridge.hub.cloud.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Reading the allocation from Slurm's variables, and quoting for a remote shell. */
class SlurmAllocationTest {
    @Test
    void readsCpusPerNodeAsSlurmWritesThem() {
        assertEquals(List.of(2, 2, 2, 1), SlurmAllocation.cpusPerNode("2(x3),1", 4));
        assertEquals(List.of(8), SlurmAllocation.cpusPerNode("8", 1));
        assertThrows(IllegalArgumentException.class, () -> SlurmAllocation.cpusPerNode("2(x2)", 3));
        assertThrows(IllegalArgumentException.class, () -> SlurmAllocation.cpusPerNode("two", 1));
    }

    @Test
    void spreadsSpokesOverTheNodesInTurn() {
        SlurmAllocation a = SlurmAllocation.of(Map.of("SLURM_JOB_ID", "7", "SLURM_JOB_NODELIST", "n1,n2",
                "SLURM_JOB_CPUS_PER_NODE", "2,1"));
        assertEquals(List.of("n1", "n2", "n1"), a.cpusInTurn());
    }

    @Test
    void outsideAnAllocationSaysSo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SlurmAllocation.of(Map.of()));
        assertTrue(e.getMessage().contains("not inside a Slurm allocation"), e.getMessage());
    }

    @Test
    void quotesWordsForTheRemoteShell() {
        assertEquals("--hub", Shell.quote("--hub"));
        assertEquals("'a b'", Shell.quote("a b"));
        assertEquals("'it'\\''s'", Shell.quote("it's"));
        assertEquals("''", Shell.quote(""));
        assertEquals("'$(x)'", Shell.quote("$(x)"));
    }
}
