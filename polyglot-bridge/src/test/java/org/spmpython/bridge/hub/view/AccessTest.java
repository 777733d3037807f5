package org.spmpython.bridge.hub.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AccessTest {
    @Test
    void loopbackNeedsNoTokenButALoopbackName() {
        for (String host : new String[] {"127.0.0.1", "localhost", "::1", "127.0.0.2"}) {
            assertFalse(Access.forHost(host).tokenRequired(), host);
        }
        Access local = Access.forHost("127.0.0.1");
        assertNull(local.refusal("127.0.0.1:8080", null));
        assertNull(local.refusal("localhost:8080", null));
        assertNull(local.refusal("[::1]:8080", null));
        assertTrue(local.refusal("evil.example:8080", null).contains("loopback names only"));
        assertTrue(local.refusal("127.0.0.1.evil.example", null) != null);
    }

    @Test
    void elsewhereEveryRequestCarriesTheToken() {
        Access a = Access.forHost("0.0.0.0");
        Access b = Access.forHost("0.0.0.0");
        assertTrue(a.tokenRequired());
        assertEquals(32, a.token().length());
        assertNotEquals(a.token(), b.token());
        assertTrue(a.refusal("anything", null).contains("needs the token"));
        assertTrue(a.refusal("anything", b.token()).contains("wrong token"));
        assertNull(a.refusal("anything", a.token()));
    }

    @Test
    void theUrlNamesTheServerWhenBoundEverywhere() {
        assertEquals("http://hub-host:81/?token=ab", Dashboard.url("0.0.0.0", "hub-host", 81, "ab"));
        assertEquals("http://127.0.0.1:81/", Dashboard.url("127.0.0.1", "hub-host", 81, null));
        assertEquals("http://[::1]:81/", Dashboard.url("::1", "hub-host", 81, null));
    }
}
