/**
 * JMH benchmarks of the starter's public classes and stores. Benchmarks of
 * package-private classes live in those classes' packages.
 */
package dev.idempotency.benchmarks.jmh;
