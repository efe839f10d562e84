package ppacer.api.schedule;

import java.util.Objects;

/**
 * A DAG schedule that fires on time points and also whenever an asset condition holds, built by
 * {@link Schedule#or(AssetCondition)} and given to {@code Dag.Builder.schedule(TimeOrAssets)}.
 *
 * @param time the time schedule
 * @param assets the asset condition
 */
public record TimeOrAssets(Schedule time, AssetCondition assets) {
    /** Validates. */
    public TimeOrAssets {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(assets, "assets");
    }

    /** @return a short text form, e.g. {@code @daily or assets all(a, b)} */
    public String describe() {
        return time.describe() + " or assets " + assets.describe();
    }
}
