/**
 * The contract suite (TCK) every ppacer store provider must pass. A store module's tests extend
 * {@code ppacer.store.tck.StoreContractTest} and say how to open a fresh store.
 *
 * <p>Also the test support every module's tests share ({@code ppacer.testing}).
 */
module ppacer.store.tck {
    requires transitive ppacer.api;
    requires transitive org.junit.jupiter.api;

    exports ppacer.store.tck;
    exports ppacer.testing;
}
