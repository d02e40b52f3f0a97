using System.Text;
using Confluent.Kafka;

namespace EventFramework.Kafka.Delivery;

/// <summary>How an outbox message looks on Kafka: key = <see cref="OutboxMessage.Key"/>, topic = destination, headers.</summary>
internal static class KafkaRecords
{
    /// <summary>The header carrying <see cref="OutboxMessage.MessageId"/>: consumers deduplicate by it.</summary>
    public const string MessageIdHeader = "message-id";

    /// <summary>The header carrying <see cref="OutboxMessage.Type"/>.</summary>
    public const string TypeHeader = "message-type";

    private const int MaxTopicLength = 249;

    public static Message<string, byte[]> ToKafka(OutboxMessage message)
    {
        var headers = new Headers
        {
            { MessageIdHeader, Encoding.UTF8.GetBytes(message.MessageId.ToString()) },
            { TypeHeader, Encoding.UTF8.GetBytes(message.Type) },
        };
        foreach (var (name, value) in message.Headers) headers.Add(name, Encoding.UTF8.GetBytes(value));
        return new Message<string, byte[]> { Key = message.Key, Value = message.Payload, Headers = headers };
    }

    /// <summary>Why <paramref name="topic"/> can never be a Kafka topic, or null when it can.</summary>
    public static string? InvalidTopic(string topic)
    {
        if (string.IsNullOrEmpty(topic)) return "the destination topic is empty";
        if (topic.Length > MaxTopicLength) return $"the destination topic is longer than {MaxTopicLength} characters";
        if (topic is "." or "..") return $"'{topic}' is not a legal topic name";
        foreach (var c in topic)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
                return $"the destination topic '{topic}' has a character other than a-z, A-Z, 0-9, '.', '_' and '-'";
        }
        return null;
    }
}
