using EventFramework.Postgres;
using EventFramework.Testing;
using MassTransit;

namespace EventFramework.MassTransit.Tests;

/// <summary>MassTransit consumers handing commands to a command service over PostgreSQL, on a real RabbitMQ.</summary>
public sealed class CommandConsumerTests(CommandConsumerTests.StoreFixture fixture) : IClassFixture<CommandConsumerTests.StoreFixture>
{
    private static readonly RequestTimeout ReplyTimeout = RequestTimeout.After(s: 60);

    /// <summary>A migrated PostgreSQL store in a fresh schema for the class.</summary>
    public sealed class StoreFixture() : PostgresSchemaFixture("masstransit")
    {
        public PostgresEventStore Store { get; private set; } = null!;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Store = new PostgresEventStore(DataSource, new PostgresStoreOptions { Schema = Name });
            await Store.Migrate();
        }

        public override async Task DisposeAsync()
        {
            await Store.DisposeAsync();
            await base.DisposeAsync();
        }
    }

    [Fact]
    public async Task the_same_message_delivered_twice_is_applied_once_and_then_answered_already_handled()
    {
        var queue = RabbitMq.UniqueName("deposits");
        var bridge = new CommandConsumer<Deposit, decimal>(Accounts.Service(fixture.Store));
        var bus = await RabbitMq.StartBus(cfg => cfg.ReceiveEndpoint(queue, e =>
        {
            e.AutoDelete = true;
            e.Consumer(() => bridge);
        }));
        try
        {
            var client = bus.CreateRequestClient<Deposit>(RabbitMq.QueueAddress(queue), ReplyTimeout);
            var account = Guid.NewGuid().ToString("N");
            var messageId = NewId.NextGuid();

            var first = await client.GetResponse<CommandReply>(new Deposit(account, 25m), x => x.UseExecute(c => c.MessageId = messageId));
            var again = await client.GetResponse<CommandReply>(new Deposit(account, 25m), x => x.UseExecute(c => c.MessageId = messageId));
            var other = await client.GetResponse<CommandReply>(new Deposit(account, 5m));

            Assert.Equal((CommandOutcome.Applied, 0L), (first.Message.Outcome, first.Message.Version));
            Assert.Equal((CommandOutcome.AlreadyHandled, 0L), (again.Message.Outcome, again.Message.Version));
            Assert.Equal((CommandOutcome.Applied, 1L), (other.Message.Outcome, other.Message.Version));
            var stored = await fixture.Store.ReadEvents(Accounts.Serializer(), Accounts.Stream(account));
            Assert.Equal<object>([new Deposited(account, 25m), new Deposited(account, 5m)], stored);
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    [Fact]
    public async Task a_redelivery_after_a_lost_acknowledgement_has_one_effect()
    {
        var queue = RabbitMq.UniqueName("deposits");
        var consumer = new LosesTheFirstAcknowledgement(new CommandConsumer<Deposit, decimal>(Accounts.Service(fixture.Store)));
        var bus = await RabbitMq.StartBus(cfg => cfg.ReceiveEndpoint(queue, e =>
        {
            e.AutoDelete = true;
            e.UseMessageRetry(r => r.Immediate(3));
            e.Consumer(() => consumer);
        }));
        try
        {
            var account = Guid.NewGuid().ToString("N");
            var endpoint = await bus.GetSendEndpoint(RabbitMq.QueueAddress(queue));

            await endpoint.Send(new Deposit(account, 40m));
            var stream = Accounts.Stream(account);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (consumer.Deliveries < 2) await Task.Delay(50, timeout.Token);

            Assert.Equal(2, consumer.Deliveries);
            var stored = await fixture.Store.ReadEvents(Accounts.Serializer(), stream);
            Assert.Equal<object>([new Deposited(account, 40m)], stored);
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    [Fact]
    public async Task a_rejected_command_is_answered_with_its_reason_and_stores_nothing()
    {
        var queue = RabbitMq.UniqueName("deposits");
        var bridge = new CommandConsumer<Deposit, decimal>(Accounts.Service(fixture.Store));
        var bus = await RabbitMq.StartBus(cfg => cfg.ReceiveEndpoint(queue, e =>
        {
            e.AutoDelete = true;
            e.Consumer(() => bridge);
        }));
        try
        {
            var client = bus.CreateRequestClient<Deposit>(RabbitMq.QueueAddress(queue), ReplyTimeout);
            var account = Guid.NewGuid().ToString("N");

            var reply = await client.GetResponse<CommandReply>(new Deposit(account, -3m));

            Assert.Equal(CommandOutcome.Rejected, reply.Message.Outcome);
            Assert.Equal("a deposit must be positive", reply.Message.Reason);
            Assert.Equal(-1, await fixture.Store.GetStreamVersion(Accounts.Stream(account)));
        }
        finally
        {
            await bus.StopAsync();
        }
    }
}
