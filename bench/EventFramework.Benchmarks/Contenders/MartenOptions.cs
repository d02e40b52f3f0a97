using EventFramework.Benchmarks.Harness;
using JasperFx;
using JasperFx.Events;
using Marten;
using Weasel.Core;

namespace EventFramework.Benchmarks.Contenders;

/// <summary>
/// The Marten setup every Marten contender shares: its own schema and pool, Quick appends,
/// string stream keys (like ours) and System.Text.Json in camelCase (the same payload bytes as ours).
/// </summary>
internal static class MartenOptions
{
    public static void Configure(StoreOptions opts, BenchDatabase database, string schema)
    {
        opts.Connection(database.ConnectionStringFor("marten"));
        opts.DatabaseSchemaName = schema;
        opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        opts.UseSystemTextJsonForSerialization(casing: Casing.CamelCase);
        opts.Events.AppendMode = EventAppendMode.Quick;
        opts.Events.StreamIdentity = StreamIdentity.AsString;
    }
}
