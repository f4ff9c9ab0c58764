package dev.idempotency.benchmarks.load;

import java.util.List;

/**
 * Everything a load run measured, written as JSON for the report.
 *
 * @param machine the machine
 * @param settings how the load was applied
 * @param scenarios each scenario's result, the baseline first
 */
record LoadResults(Machine machine, LoadSettings settings, List<ScenarioResult> scenarios) {

}
