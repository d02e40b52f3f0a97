using System.Diagnostics;
using EventFramework.Diagnostics;
using EventFramework.Samples.Bank.Accounts;
using EventFramework.Samples.Bank.Hosting;
using EventFramework.Samples.Bank.Integration;
using EventFramework.Testing;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace EventFramework.Samples.Bank.Tests;

/// <summary>
/// One trace, through the OpenTelemetry SDK: the command that appends, its outbox message in Kafka,
/// a consumer of the topic, and the projections of the events.
/// </summary>
public sealed class TraceFlowTests
{
    // Other tests in this process run commands too: this test's spans are those of its own trace.
    private static readonly ActivitySource Test = new("bank-trace-test");

    [Fact]
    public async Task a_commands_trace_continues_in_the_kafka_consumer_and_in_the_projections()
    {
        var exported = new List<Activity>();
        using var traces = Sdk.CreateTracerProviderBuilder().AddSource(EventFrameworkMetrics.Name, Test.Name).AddInMemoryExporter(exported).Build();
        var schema = $"bank_trace_{Guid.NewGuid():N}"[..20];
        await using var bank = await BankApp.Start(new BankOptions { Postgres = PostgresServer.ConnectionString, PostgresSchema = schema, Fresh = true });

        ActivityTraceId trace;
        using (var root = Test.StartActivity("test", ActivityKind.Internal, new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded)))
        {
            trace = root!.TraceId;
            Assert.Equal(CommandOutcome.Applied, (await bank.Accounts.Handle(new OpenAccount("traced", "Tracy", "EUR"))).Outcome);
            Assert.Equal(CommandOutcome.Applied, (await bank.Accounts.Handle(new Deposit("traced", 12.34m, "EUR"))).Outcome);
        }
        await bank.WaitUntilSettled(TimeSpan.FromSeconds(60));

        // A consumer of the integration topic continues each message's trace.
        await using var dataSource = NpgsqlDataSource.Create(PostgresServer.ConnectionString);
        var consumed = new TaskCompletionSource();
        var source = new KafkaConsumerSource<PostgresProjectionContext>($"trace-{schema}", [BankContracts.Topic], new PostgresConsumerOffsets(dataSource, schema),
            (_, messages, _) =>
            {
                foreach (var message in messages)
                {
                    using var activity = TraceContext.StartChild("consume bank.transactions", ActivityKind.Consumer, message.Headers);
                }
                consumed.TrySetResult();
                return Task.CompletedTask;
            }, new KafkaConsumerSourceOptions { BootstrapServers = bank.KafkaBootstrap });
        using var stop = new CancellationTokenSource();
        var run = source.Run(stop.Token);
        await consumed.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        try { await run; } catch (OperationCanceledException) { }
        traces.ForceFlush();

        Activity[] spans;
        lock (exported) spans = [.. exported.Where(a => a.TraceId == trace)];
        var handle = Assert.Single(spans, a => a.DisplayName == "handle Deposit");
        var consume = Assert.Single(spans, a => a.DisplayName == "consume bank.transactions");
        Assert.Equal((handle.TraceId, handle.SpanId), (consume.TraceId, consume.ParentSpanId));
        var projected = spans.Where(a => a.DisplayName.StartsWith("project ", StringComparison.Ordinal) && a.ParentSpanId == handle.SpanId).Select(a => a.DisplayName).ToHashSet();
        Assert.Superset(new HashSet<string> { "project balances", "project statements", "project daily-totals" }, projected);
        Assert.All(spans.Where(a => a.ParentSpanId == handle.SpanId), a => Assert.Equal(handle.TraceId, a.TraceId));
    }
}
