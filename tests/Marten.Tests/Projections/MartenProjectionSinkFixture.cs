using EventFramework.Conformance;
using EventFramework.Testing;
using JasperFx;
using Marten;

namespace EventFramework.Marten.Tests.Projections;

/// <summary>A Marten document store in a fresh schema per test class, with a <see cref="MartenProjectionSink"/> and one number document per key as the read model.</summary>
public sealed class MartenProjectionSinkFixture() : PostgresSchemaFixture("marten_sink"), IProjectionSinkFixture<MartenProjectionContext>
{
    private DocumentStore? _documents;
    private MartenProjectionSink? _sink;

    public DocumentStore Documents => _documents ?? throw new InvalidOperationException("The fixture is not initialised yet.");

    public IProjectionSink<MartenProjectionContext> Sink => _sink ?? throw new InvalidOperationException("The fixture is not initialised yet.");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _documents = DocumentStore.For(opts =>
        {
            opts.Connection(DataSource);
            opts.DatabaseSchemaName = Name;
            opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
            opts.Schema.For<Number>();
            MartenProjectionSink.Register(opts);
        });
        await _documents.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        _sink = new MartenProjectionSink(_documents);
    }

    public async Task Add(MartenProjectionContext context, string key, long delta, CancellationToken ct)
    {
        var number = await context.Session.LoadAsync<Number>(key, ct) ?? new Number { Id = key };
        number.Value += delta;
        context.Session.Store(number);
    }

    public async Task<long?> Read(string key)
    {
        await using var session = Documents.QuerySession();
        return (await session.LoadAsync<Number>(key))?.Value;
    }

    public override async Task DisposeAsync()
    {
        if (_documents is not null) await _documents.DisposeAsync();
        await base.DisposeAsync();
    }
}
