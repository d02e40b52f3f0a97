namespace EventFramework;

/// <summary>
/// A batch could not be published for a reason that may pass (broker down, timeout, fenced transaction
/// retried...): the relay retries it. <see cref="Code"/> is librdkafka's error code.
/// </summary>
public sealed class KafkaPublishException : Exception
{
    public KafkaPublishException(string message, string code, Exception? inner = null) : base(message, inner) => Code = code;

    /// <summary>librdkafka's error code name, e.g. <c>Local_MsgTimedOut</c>.</summary>
    public string Code { get; }
}
