package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** DAG id globs of a principal, and the format and hashing of key secrets. */
class KeyFormatTest {
    @Test
    void globs_match_whole_dag_ids() {
        assertTrue(Principal.matches("etl_*", "etl_x"));
        assertTrue(Principal.matches("etl_*", "etl_"));
        assertFalse(Principal.matches("etl_*", "xetl_x"), "anchored at the start");
        assertTrue(Principal.matches("*_daily", "sales_daily"));
        assertFalse(Principal.matches("*_daily", "sales_daily2"), "anchored at the end");
        assertTrue(Principal.matches("load_?", "load_1"));
        assertFalse(Principal.matches("load_?", "load_12"));
        assertTrue(Principal.matches("a*b*c", "aXXbYYc"));
        assertFalse(Principal.matches("a*b*c", "aXXbYY"));
        assertTrue(Principal.matches("etl.x", "etl.x"));
        assertFalse(Principal.matches("etl.x", "etlyx"), "a dot is a dot, not a regular expression");
        Principal p = new Principal("ops", Role.OPERATOR, List.of("etl_*", "load_?"), true);
        assertTrue(p.mayActOn("load_3"));
        assertFalse(p.mayActOn("other"));
        assertTrue(new Principal("all", Role.OPERATOR, List.of(), true).mayActOn("other"), "no pattern: every DAG");
    }

    @Test
    void a_minted_key_parses_back_and_only_its_secret_matches_its_hash() {
        KeySecrets.Minted m = KeySecrets.mint();
        assertTrue(m.secret().matches("ppk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}"), m.secret());
        KeySecrets.Presented p = KeySecrets.parse(m.secret()).orElseThrow();
        assertEquals(m.id(), p.id());
        assertTrue(KeySecrets.matches(p.secret(), m.salt(), m.hash()));
        assertFalse(KeySecrets.matches(p.secret() + "x", m.salt(), m.hash()));
        KeySecrets.Minted other = KeySecrets.mint();
        assertNotEquals(m.id(), other.id());
        assertFalse(KeySecrets.matches(p.secret(), other.salt(), m.hash()), "the salt is part of the hash");
        assertFalse(m.toString().contains(p.secret()), m.toString());
        assertFalse(p.toString().contains(p.secret()), p.toString());
        for (String bad : List.of("", "ppk_", "ppk_0123456789ab", "ppk_0123456789ab_", "ppk_0123456789AB_x",
                "ppk_0123456789zz_x", "Bearer ppk_0123456789ab_x", "legacy-token")) {
            assertEquals(Optional.empty(), KeySecrets.parse(bad), bad);
        }
    }
}
