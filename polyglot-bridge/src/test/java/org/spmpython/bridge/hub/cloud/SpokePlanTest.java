package org.spmpython.bridge.hub.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpokePlanTest {
    @Test
    void readsWhereAndHowManySpokes() {
        assertEquals(new SpokePlan(3, SpokePlan.Placement.PROCESSES), SpokePlan.parse("local:3"));
        assertEquals(new SpokePlan(2, SpokePlan.Placement.THREADS), SpokePlan.parse("threads:2"));
        assertEquals(0, SpokePlan.parse("none").localSpokes());
        assertEquals(new SpokePlan(Runtime.getRuntime().availableProcessors(), SpokePlan.Placement.PROCESSES),
                SpokePlan.parse(null));
    }

    @Test
    void refusesWhatItCannotReadNamingIt() {
        for (String bad : new String[] {"threads:x", "threads:", "local:-1", "local:1025", "cloud:2", "threads"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpokePlan.parse(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'") && e.getMessage().contains("threads:N"), e.getMessage());
        }
    }

    @Test
    void boundsSpokeThreadsAndNamesTheVariableItCameFrom() {
        assertEquals(new SpokePlan(SpokePlan.MAX_THREADS, SpokePlan.Placement.THREADS),
                SpokePlan.parse("threads:" + SpokePlan.MAX_THREADS));
        IllegalArgumentException many = assertThrows(IllegalArgumentException.class, () -> SpokePlan.parse("threads:1000"));
        assertTrue(many.getMessage().startsWith("--spokes takes at most 128 spoke threads, not 1000"), many.getMessage());
        IllegalArgumentException env = assertThrows(IllegalArgumentException.class,
                () -> SpokePlan.parse("lots", "SPM_SPOKES"));
        assertTrue(env.getMessage().startsWith("SPM_SPOKES takes local:N"), env.getMessage());
    }

    @Test
    void readsSshAndSlurmTermsBesideALocalOne() {
        SpokePlan plan = SpokePlan.parse("local:2,ssh:alpha:3,ssh:bob@beta,slurm:4");
        assertEquals(2, plan.localSpokes());
        assertEquals(java.util.List.of(new SpokePlan.Remote(SpokePlan.Via.SSH, "alpha", 3),
                new SpokePlan.Remote(SpokePlan.Via.SSH, "bob@beta", 1),
                new SpokePlan.Remote(SpokePlan.Via.SLURM, null, 4)), plan.remotes());
        assertTrue(plan.reachesOtherMachines());
        SpokePlan slurm = SpokePlan.parse("slurm");
        assertEquals(0, slurm.localSpokes(), "no local spokes unless asked");
        assertEquals(0, slurm.remotes().get(0).spokes(), "one per allocated CPU");
        assertTrue(!SpokePlan.parse("local:2").reachesOtherMachines());
    }

    @Test
    void refusesBadRemoteTermsNamingThem() {
        for (String bad : new String[] {"ssh:", "ssh:alpha:0", "ssh:-oProxyCommand=x", "slurm:x", "slurm,slurm",
                "local:1,threads:1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpokePlan.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("--spokes "), e.getMessage());
        }
    }
}
