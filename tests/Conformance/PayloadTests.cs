using System.Text;

namespace EventFramework.Conformance;

/// <summary>What goes in comes out: payload bytes, metadata and a UTC timestamp.</summary>
public abstract class PayloadTests<TFixture>(TFixture fixture) : EventStoreTests<TFixture>(fixture)
    where TFixture : class, IEventStoreFixture
{
    public static TheoryData<string> UnicodePayloads { get; } = new()
    {
        """{"emoji":"🎉👩‍👩‍👧‍👦🚀","flag":"🇯🇵"}""",
        """{"cjk":"注文が確定しました","korean":"주문 완료"}""",
        """{"rtl":"הזמנה בוצעה","arabic":"تم الطلب"}""",
        """{"quote":"she said \"hi\"","path":"C:\\temp\\x","escaped":"caf\u00e9 \ud83d\ude00","tab":"a\tb"}""",
        """{"mixed":["Zürich","Ελλάδα","Москва","€£¥"],"nested":{"ñ":true}}""",
    };

    [Theory]
    [MemberData(nameof(UnicodePayloads))]
    public async Task unicode_payloads_round_trip_byte_exact(string json)
    {
        var stream = NewStream();
        var e = TestEvents.WithPayload(json);

        await Store.Append(stream, ExpectedVersion.NoStream, [e]);

        var read = Assert.Single(await ReadStream(stream));
        Assert.Equal(json, Encoding.UTF8.GetString(read.Data));
        Assert.Equal(e.Data, read.Data);
        Assert.Equal(e.Data, (await Store.FindEvent(e.EventId))!.Data);
    }

    [Fact]
    public async Task a_one_megabyte_json_payload_round_trips()
    {
        var stream = NewStream();
        var json = new StringBuilder("""{"lines":[""");
        for (var i = 0; json.Length < 1024 * 1024; i++)
            json.Append(i == 0 ? "" : ",").Append($$"""{"n":{{i}},"sku":"SKU-{{i:D8}}","note":"ünïcödé line {{i}}"}""");
        var payload = json.Append("]}").ToString();
        var e = TestEvents.WithPayload(payload);

        await Store.Append(stream, ExpectedVersion.NoStream, [e]);

        var read = Assert.Single(await ReadStream(stream));
        Assert.Equal(e.Data.Length, read.Data.Length);
        Assert.True(e.Data.AsSpan().SequenceEqual(read.Data), "the 1 MB payload came back altered");
    }

    [Fact]
    public async Task metadata_round_trips_with_every_field_and_header()
    {
        var stream = NewStream();
        var metadata = new EventMetadata
        {
            CorrelationId = "corr-" + Guid.NewGuid(),
            CausationId = "cmd-42",
            TenantId = "tenant-ä-東京",
            Headers = new Dictionary<string, string>
            {
                ["traceparent"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                ["user"] = "Zoë 👩‍💻",
                ["ключ"] = "значение",
                ["quote"] = "say \"hi\"\n",
                ["empty"] = "",
            },
        };

        await Store.Append(stream, ExpectedVersion.NoStream, [TestEvents.Event(metadata: metadata)]);

        var read = Assert.Single(await ReadStream(stream)).Metadata;
        Assert.Equal(metadata.CorrelationId, read.CorrelationId);
        Assert.Equal(metadata.CausationId, read.CausationId);
        Assert.Equal(metadata.TenantId, read.TenantId);
        Assert.Equal(metadata.Headers.OrderBy(h => h.Key, StringComparer.Ordinal), read.Headers.OrderBy(h => h.Key, StringComparer.Ordinal));
        Assert.Equal(metadata, read);
    }

    [Fact]
    public async Task empty_metadata_reads_back_empty()
    {
        var stream = NewStream();

        await Store.Append(stream, ExpectedVersion.NoStream, [TestEvents.Event()]);

        var read = Assert.Single(await ReadStream(stream)).Metadata;
        Assert.Equal(EventMetadata.Empty, read);
        Assert.Empty(read.Headers);
    }

    [Fact]
    public async Task created_timestamps_are_close_to_now_in_utc()
    {
        var stream = NewStream();
        var before = DateTimeOffset.UtcNow;

        await Seed(stream, 2);

        var after = DateTimeOffset.UtcNow;
        var tolerance = TimeSpan.FromSeconds(2);
        Assert.All(await ReadStream(stream), e =>
        {
            Assert.Equal(TimeSpan.Zero, e.Created.Offset);
            Assert.InRange(e.Created, before - tolerance, after + tolerance);
        });
    }
}
