// A child process for the Kafka crash tests: it relays the PostgreSQL outbox into Kafka, or feeds a
// projection from a topic, until a test kills it with SIGKILL. Usage:
//   EventFramework.RelayCrashHost transactional|polling <connection string> <schema> <bootstrap servers> <relay name> <position topic>
//   EventFramework.RelayCrashHost consumer <connection string> <schema> <bootstrap servers> <source name> <topic>
using EventFramework;
using Npgsql;

if (args is not [("transactional" or "polling" or "consumer") and var mode, var connectionString, var schema, var bootstrap, var name, var topic])
{
    Console.Error.WriteLine("usage: EventFramework.RelayCrashHost transactional|polling|consumer <connection string> <schema> <bootstrap servers> <name> <topic>");
    return 2;
}

await using var dataSource = new NpgsqlDataSourceBuilder(connectionString) { ConnectionStringBuilder = { SearchPath = schema } }.Build();
var outbox = new PostgresOutbox(dataSource, schema);
var producerOptions = new KafkaProducerOptions { BootstrapServers = bootstrap, DeliveryTimeout = TimeSpan.FromSeconds(20) };
// Batches of random sizes, so kills land at many different points of a batch.
var batchSize = 50 + Random.Shared.Next(950);
Console.WriteLine("ready");
switch (mode)
{
    case "transactional":
        var options = new TransactionalRelayOptions { Producer = producerOptions, BatchSize = batchSize, PollInterval = TimeSpan.FromMilliseconds(50), PositionTopic = topic };
        await new TransactionalKafkaRelay(name, outbox, options).Run(CancellationToken.None);
        break;
    case "polling":
        using (var producer = new KafkaProducer(producerOptions))
            await new OutboxRelay(name, outbox, producer, options: new OutboxRelayOptions { BatchSize = batchSize, PollInterval = TimeSpan.FromMilliseconds(50) }).Run(CancellationToken.None);
        break;
    default:
        // A projection of sums per key, fed from the topic; "consumed_once" counts every application of a message.
        var source = new KafkaConsumerSource<PostgresProjectionContext>(name, [topic], new PostgresConsumerOffsets(dataSource, schema), (db, messages, _) =>
        {
            foreach (var m in messages)
            {
                db.Defer("insert into consumed_once (message_id, times) values ($1, 1) on conflict (message_id) do update set times = consumed_once.times + 1", m.MessageId);
                db.Defer("insert into consumed_sums (key, total) values ($1, $2) on conflict (key) do update set total = consumed_sums.total + excluded.total", m.Key, long.Parse(System.Text.Encoding.UTF8.GetString(m.Payload), System.Globalization.CultureInfo.InvariantCulture));
            }
            return Task.CompletedTask;
        }, new KafkaConsumerSourceOptions
        {
            BootstrapServers = bootstrap,
            MaxBatchSize = batchSize,
            // A killed member leaves the group only when its session expires: keep that short here.
            Settings = new Dictionary<string, string> { ["session.timeout.ms"] = "6000", ["heartbeat.interval.ms"] = "1000" },
        });
        await source.Run(CancellationToken.None);
        break;
}
return 0;
