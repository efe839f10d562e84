package ppacer.api.schedule;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import ppacer.api.AssetNames;
import ppacer.api.DagDefinitionException;

/**
 * Which asset events make a DAG run: one asset ({@link Asset}), all of some conditions ({@link All})
 * or any of them ({@link AnyOf}), nested freely. A condition is evaluated on the set of assets that
 * have at least one event the DAG has not consumed yet.
 */
public sealed interface AssetCondition {
    /**
     * @param updated the assets with an unconsumed event
     * @return whether the condition holds
     */
    boolean satisfiedBy(Set<String> updated);

    /** @return every asset named in the condition */
    Set<String> assets();

    /**
     * @param updated the assets with an unconsumed event
     * @return the named assets still missing for the condition to hold (for {@code any}, all of the
     *     alternatives' missing assets); empty when it holds
     */
    Set<String> missing(Set<String> updated);

    /** @return a short text form, e.g. {@code all(a, any(b, c))} */
    String describe();

    /**
     * One asset.
     *
     * @param name the asset name (see {@link AssetNames})
     */
    record Asset(String name) implements AssetCondition {
        /** Validates the name. */
        public Asset {
            if (!AssetNames.isValid(name)) {
                throw new DagDefinitionException("Invalid asset name '" + name + "': expected " + AssetNames.describeRule());
            }
        }

        @Override
        public boolean satisfiedBy(Set<String> updated) {
            return updated.contains(name);
        }

        @Override
        public Set<String> assets() {
            return Set.of(name);
        }

        @Override
        public Set<String> missing(Set<String> updated) {
            return updated.contains(name) ? Set.of() : Set.of(name);
        }

        @Override
        public String describe() {
            return name;
        }
    }

    /**
     * Every one of the conditions.
     *
     * @param conditions at least one
     */
    record All(List<AssetCondition> conditions) implements AssetCondition {
        /** Validates. */
        public All {
            conditions = nonEmpty("all", conditions);
        }

        @Override
        public boolean satisfiedBy(Set<String> updated) {
            return conditions.stream().allMatch(c -> c.satisfiedBy(updated));
        }

        @Override
        public Set<String> assets() {
            return union(conditions);
        }

        @Override
        public Set<String> missing(Set<String> updated) {
            Set<String> out = new LinkedHashSet<>();
            conditions.forEach(c -> out.addAll(c.missing(updated)));
            return out;
        }

        @Override
        public String describe() {
            return "all(" + conditions.stream().map(AssetCondition::describe).collect(Collectors.joining(", ")) + ")";
        }
    }

    /**
     * At least one of the conditions.
     *
     * @param conditions at least one
     */
    record AnyOf(List<AssetCondition> conditions) implements AssetCondition {
        /** Validates. */
        public AnyOf {
            conditions = nonEmpty("any", conditions);
        }

        @Override
        public boolean satisfiedBy(Set<String> updated) {
            return conditions.stream().anyMatch(c -> c.satisfiedBy(updated));
        }

        @Override
        public Set<String> assets() {
            return union(conditions);
        }

        @Override
        public Set<String> missing(Set<String> updated) {
            if (satisfiedBy(updated)) {
                return Set.of();
            }
            Set<String> out = new LinkedHashSet<>();
            conditions.forEach(c -> out.addAll(c.missing(updated)));
            return out;
        }

        @Override
        public String describe() {
            return "any(" + conditions.stream().map(AssetCondition::describe).collect(Collectors.joining(", ")) + ")";
        }
    }

    /**
     * @param name an asset name or URI
     * @return the condition "this asset has a new event"
     * @throws DagDefinitionException when the name is invalid
     */
    static AssetCondition asset(String name) {
        return new Asset(name);
    }

    /**
     * @param names asset names, at least one
     * @return the condition "every one of them has a new event"
     * @throws DagDefinitionException when none is given or a name is invalid
     */
    static AssetCondition all(String... names) {
        return new All(assetsOf(names));
    }

    /**
     * @param conditions conditions, at least one
     * @return the condition "every one of them holds"
     * @throws DagDefinitionException when none is given
     */
    static AssetCondition all(AssetCondition... conditions) {
        return new All(List.of(conditions));
    }

    /**
     * @param names asset names, at least one
     * @return the condition "at least one of them has a new event"
     * @throws DagDefinitionException when none is given or a name is invalid
     */
    static AssetCondition any(String... names) {
        return new AnyOf(assetsOf(names));
    }

    /**
     * @param conditions conditions, at least one
     * @return the condition "at least one of them holds"
     * @throws DagDefinitionException when none is given
     */
    static AssetCondition any(AssetCondition... conditions) {
        return new AnyOf(List.of(conditions));
    }

    private static List<AssetCondition> assetsOf(String... names) {
        List<AssetCondition> out = new ArrayList<>(names.length);
        for (String n : names) {
            out.add(new Asset(n));
        }
        return out;
    }

    private static List<AssetCondition> nonEmpty(String kind, List<AssetCondition> conditions) {
        Objects.requireNonNull(conditions, "conditions");
        if (conditions.isEmpty()) {
            throw new DagDefinitionException("An asset schedule " + kind + "() names no asset: give at least one asset "
                    + "name or condition");
        }
        conditions.forEach(c -> Objects.requireNonNull(c, "an asset condition"));
        return List.copyOf(conditions);
    }

    private static Set<String> union(List<AssetCondition> conditions) {
        Set<String> out = new LinkedHashSet<>();
        conditions.forEach(c -> out.addAll(c.assets()));
        return out;
    }
}
