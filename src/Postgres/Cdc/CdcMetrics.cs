using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using EventFramework.Diagnostics;

namespace EventFramework.Postgres;

/// <summary>
/// The CDC instruments: messages published and dead-lettered by CDC relays, and
/// <c>eventframework.cdc.slot_lag</c>, the bytes of WAL each running reader's slot holds
/// (pg_current_wal_lsn() minus its confirmed_flush_lsn, as last measured).
/// </summary>
internal static class CdcMetrics
{
    public static readonly Counter<long> Published = EventFrameworkMetrics.Meter.CreateCounter<long>("eventframework.cdc.published", "{message}", "Outbox messages published by CDC relays");

    public static readonly Counter<long> DeadLettered = EventFrameworkMetrics.Meter.CreateCounter<long>("eventframework.cdc.dead_lettered", "{message}", "Outbox messages dead-lettered by CDC relays");

    private static readonly ConcurrentDictionary<object, Func<(string Reader, string Slot, long? Lag)>> Readers = new();

    static CdcMetrics()
    {
        EventFrameworkMetrics.Meter.CreateObservableGauge("eventframework.cdc.slot_lag", ObserveLag, "By",
            "WAL held by a CDC reader's replication slot: bytes between its confirmed_flush_lsn and the WAL's end (tags: reader, slot)");
    }

    public static void Register(object reader, Func<(string Reader, string Slot, long? Lag)> observe) => Readers[reader] = observe;

    public static void Unregister(object reader) => Readers.TryRemove(reader, out _);

    private static IEnumerable<Measurement<long>> ObserveLag()
    {
        foreach (var observe in Readers.Values)
        {
            var (reader, slot, lag) = observe();
            if (lag is { } bytes) yield return new Measurement<long>(bytes, new("reader", reader), new("slot", slot));
        }
    }
}
