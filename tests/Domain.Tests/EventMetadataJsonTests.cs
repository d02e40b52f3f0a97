using System.Text;
using System.Text.Json;
using EventFramework.Serialization;

namespace EventFramework.Domain.Tests;

public sealed class EventMetadataJsonTests
{
    private static readonly EventMetadata Full = new()
    {
        CorrelationId = "corr-1",
        CausationId = "cmd-2",
        TenantId = "tenant-ü",
        Headers = new Dictionary<string, string> { ["traceparent"] = "00-abc-01", ["user"] = "Zoë 🎉", ["quote"] = "\"q\"\n", ["empty"] = "" },
    };

    public static TheoryData<EventMetadata> Samples { get; } = new()
    {
        Full,
        new EventMetadata { CorrelationId = "only-correlation" },
        new EventMetadata { TenantId = "only-tenant" },
        new EventMetadata { Headers = new Dictionary<string, string> { ["only"] = "headers" } },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void metadata_round_trips_through_bytes_and_text(EventMetadata metadata)
    {
        var json = EventMetadataJson.Write(metadata);

        var fromBytes = EventMetadataJson.Read(json);
        var fromText = EventMetadataJson.Read(Encoding.UTF8.GetString(json));

        foreach (var read in new[] { fromBytes, fromText })
        {
            Assert.Equal(metadata, read);
            Assert.Equal(metadata.CorrelationId, read.CorrelationId);
            Assert.Equal(metadata.CausationId, read.CausationId);
            Assert.Equal(metadata.TenantId, read.TenantId);
            Assert.Equal(metadata.Headers.OrderBy(h => h.Key, StringComparer.Ordinal), read.Headers.OrderBy(h => h.Key, StringComparer.Ordinal));
        }
    }

    [Fact]
    public void the_stored_form_uses_the_documented_keys()
    {
        using var doc = JsonDocument.Parse(EventMetadataJson.Write(Full));

        Assert.Equal(["correlationId", "causationId", "tenantId", "headers"], doc.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Zoë 🎉", doc.RootElement.GetProperty("headers").GetProperty("user").GetString());
    }

    [Fact]
    public void empty_metadata_is_written_as_an_empty_object_and_read_back_as_empty()
    {
        Assert.Equal("{}", Encoding.UTF8.GetString(EventMetadataJson.Write(EventMetadata.Empty)));
        Assert.Equal("{}", Encoding.UTF8.GetString(EventMetadataJson.Write(new EventMetadata())));
        Assert.Same(EventMetadata.Empty, EventMetadataJson.Read("{}"u8));
        Assert.Same(EventMetadata.Empty, EventMetadataJson.Read("{}"));
        Assert.Same(EventMetadata.Empty, EventMetadataJson.Read("""{"other":{"x":[1,2]}}"""));
    }

    [Fact]
    public void empty_metadata_has_no_headers()
    {
        Assert.NotNull(EventMetadata.Empty.Headers);
        Assert.Empty(EventMetadata.Empty.Headers);
        Assert.Equal(EventMetadata.Empty, new EventMetadata());
    }

    [Fact]
    public void unknown_keys_are_ignored()
    {
        var read = EventMetadataJson.Read("""{"future":{"nested":[1,{"a":2}]},"correlationId":"c","extra":3,"tenantId":"t"}""");

        Assert.Equal(new EventMetadata { CorrelationId = "c", TenantId = "t" }, read);
    }

    [Fact]
    public void metadata_equality_compares_headers_by_content()
    {
        var a = new EventMetadata { Headers = new Dictionary<string, string> { ["k"] = "v" } };

        Assert.Equal(a, new EventMetadata { Headers = new Dictionary<string, string> { ["k"] = "v" } });
        Assert.NotEqual(a, new EventMetadata { Headers = new Dictionary<string, string> { ["k"] = "w" } });
        Assert.NotEqual(a, new EventMetadata { Headers = new Dictionary<string, string> { ["j"] = "v" } });
        Assert.NotEqual(a, a with { TenantId = "t" });
    }
}
