using System.Text.Json;

namespace EventFramework.Kafka.Relay;

/// <summary>
/// The value of a relay's record in the position topic: the last outbox position published in the
/// transaction, and the messages of that batch dead-lettered (so the database mirror can be
/// completed after a crash between the Kafka commit and the database write).
/// </summary>
internal sealed record RelayPositionRecord(string Position, IReadOnlyList<RelayDeadLetter> DeadLetters)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public LogPosition LogPosition => LogPosition.Parse(Position);

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    /// <exception cref="FormatException">The record is not one this relay wrote.</exception>
    public static RelayPositionRecord Parse(byte[] value)
    {
        try
        {
            var record = JsonSerializer.Deserialize<RelayPositionRecord>(value, Json);
            if (record is null || !EventFramework.LogPosition.TryParse(record.Position, out _)) throw new FormatException("the relay position record has no valid position");
            return record with { DeadLetters = record.DeadLetters ?? [] };
        }
        catch (JsonException e)
        {
            throw new FormatException($"the relay position record is not valid JSON: {e.Message}", e);
        }
    }
}

/// <summary>A dead-lettered message of the last batch, by id, with the reason.</summary>
internal sealed record RelayDeadLetter(Guid MessageId, string Reason);
