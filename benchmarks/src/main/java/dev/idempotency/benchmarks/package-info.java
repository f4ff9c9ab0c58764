/**
 * Benchmarks of the starter: JMH benchmarks of its hot code and a load driver that
 * measures the sample payments app with and without it.
 */
package dev.idempotency.benchmarks;
