using System.Text.Json.Nodes;
using EventFramework.Conformance.Orders;

namespace EventFramework.Conformance;

/// <summary>Typed events through the store with <see cref="EventSerializer"/>: names, upcasters and the errors of each.</summary>
public abstract class SerializationTests<TFixture>(TFixture fixture) : EventStoreTests<TFixture>(fixture)
    where TFixture : class, IEventStoreFixture
{
    /// <summary>v1 stored "total"; v2 renamed it "amount".</summary>
    private static readonly Upcaster V1ToV2 = new("OrderPlaced.v1", "OrderPlaced.v2", json =>
    {
        json["amount"] = json["total"]?.DeepClone();
        json.Remove("total");
        return json;
    });

    /// <summary>v3 (the current "OrderPlaced") added the currency; everything before was in euros.</summary>
    private static readonly Upcaster V2ToCurrent = new("OrderPlaced.v2", "OrderPlaced", json =>
    {
        json["currency"] = "EUR";
        return json;
    });

    [Fact]
    public async Task typed_events_round_trip_through_the_store()
    {
        var serializer = new EventSerializer(new TypeRegistry().Register<OrderPlaced>().Register<OrderShipped>());
        var stream = NewStream("Order");
        object[] events =
        [
            new OrderPlaced("o-1", 12.50m, "EUR"),
            new OrderShipped("o-1", new DateTimeOffset(2025, 3, 1, 9, 30, 0, TimeSpan.Zero), ["p-1", "p-2"]),
        ];
        var metadata = new EventMetadata { CorrelationId = "corr-1" };

        await Store.Append(stream, ExpectedVersion.NoStream, events.Select(e => serializer.Serialize(e, metadata)).ToList());

        var read = await ReadStream(stream);
        Assert.Equal(["OrderPlaced", "OrderShipped"], read.Select(e => e.EventType));
        Assert.All(read, e => Assert.Equal(metadata, e.Metadata));
        var placed = Assert.IsType<OrderPlaced>(serializer.Deserialize(read[0]));
        var shipped = Assert.IsType<OrderShipped>(serializer.Deserialize(read[1]));
        Assert.Equal(events[0], placed);
        Assert.Equal(("o-1", new DateTimeOffset(2025, 3, 1, 9, 30, 0, TimeSpan.Zero)), (shipped.OrderId, shipped.ShippedAt));
        Assert.Equal(["p-1", "p-2"], shipped.Parcels);
    }

    [Fact]
    public async Task an_event_of_an_unregistered_type_reads_back_as_unknown_event_type()
    {
        var serializer = new EventSerializer(new TypeRegistry().Register<OrderPlaced>());
        var stream = NewStream("Order");
        var mystery = TestEvents.WithPayload("""{"what":"nobody knows"}""", type: "Nobody.Registered");
        await Store.Append(stream, ExpectedVersion.NoStream, [serializer.Serialize(new OrderPlaced("o-1", 1m, "EUR")), mystery]);

        var stored = (await ReadStream(stream))[1];
        var error = Assert.Throws<UnknownEventTypeException>(() => serializer.Deserialize(stored));

        Assert.Equal("Nobody.Registered", error.EventType);
        Assert.Equal(mystery.EventId, error.EventId);
        Assert.Equal(stream.Value, error.Stream);
        Assert.Equal(1, error.StreamPosition);
    }

    [Fact]
    public async Task an_old_payload_is_upcast_to_the_current_type()
    {
        var registry = new TypeRegistry().Register<OrderPlaced>().AddUpcaster(new Upcaster("OrderPlaced.v1", "OrderPlaced", json =>
        {
            json["amount"] = json["total"]?.DeepClone();
            json.Remove("total");
            json["currency"] = "EUR";
            return json;
        }));
        var serializer = new EventSerializer(registry);
        var stream = NewStream("Order");
        await Store.Append(stream, ExpectedVersion.NoStream, [TestEvents.WithPayload("""{"orderId":"o-7","total":99.95}""", type: "OrderPlaced.v1")]);

        var stored = Assert.Single(await ReadStream(stream));

        Assert.Equal("OrderPlaced.v1", stored.EventType);
        Assert.Equal(new OrderPlaced("o-7", 99.95m, "EUR"), serializer.Deserialize(stored));
    }

    [Fact]
    public async Task chained_upcasters_bring_every_old_version_to_the_current_type()
    {
        var serializer = new EventSerializer(new TypeRegistry().Register<OrderPlaced>().AddUpcaster(V1ToV2).AddUpcaster(V2ToCurrent));
        var stream = NewStream("Order");
        await Store.Append(stream, ExpectedVersion.NoStream,
        [
            TestEvents.WithPayload("""{"orderId":"o-1","total":10.5}""", type: "OrderPlaced.v1"),
            TestEvents.WithPayload("""{"orderId":"o-2","amount":20}""", type: "OrderPlaced.v2"),
            serializer.Serialize(new OrderPlaced("o-3", 30m, "USD")),
        ]);

        var read = (await ReadStream(stream)).Select(serializer.Deserialize);

        Assert.Equal<object>(
            [new OrderPlaced("o-1", 10.5m, "EUR"), new OrderPlaced("o-2", 20m, "EUR"), new OrderPlaced("o-3", 30m, "USD")],
            read);
    }

    [Theory]
    [InlineData("OrderPlaced", """[1, 2, 3]""")]
    [InlineData("OrderPlaced", """{"orderId":{"nested":true},"amount":1,"currency":"EUR"}""")]
    [InlineData("OrderPlaced", "null")]
    [InlineData("OrderPlaced.v1", """["not", "an", "object"]""")]
    public async Task a_payload_that_does_not_fit_its_registered_type_fails_with_event_deserialization(string type, string json)
    {
        var serializer = new EventSerializer(new TypeRegistry().Register<OrderPlaced>().AddUpcaster(V1ToV2).AddUpcaster(V2ToCurrent));
        var stream = NewStream("Order");
        await Seed(stream, 1);
        var bad = TestEvents.WithPayload(json, type);
        await Store.Append(stream, ExpectedVersion.Exactly(0), [bad]);

        var stored = (await ReadStream(stream))[1];
        var error = Assert.Throws<EventDeserializationException>(() => serializer.Deserialize(stored));

        Assert.Equal(type, error.EventType);
        Assert.Equal(bad.EventId, error.EventId);
        Assert.Equal(stream.Value, error.Stream);
        Assert.Equal(1, error.StreamPosition);
        Assert.NotNull(error.InnerException);
    }
}
