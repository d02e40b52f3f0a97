using Confluent.Kafka;

namespace EventFramework.Kafka.Delivery;

/// <summary>Which Kafka errors are about the message itself (never publishable) rather than the moment.</summary>
internal static class KafkaErrors
{
    private static readonly HashSet<ErrorCode> Permanent =
    [
        ErrorCode.MsgSizeTooLarge,
        ErrorCode.InvalidMsg,
        ErrorCode.InvalidMsgSize,
        ErrorCode.RecordListTooLarge,
        ErrorCode.InvalidRecord,
        ErrorCode.TopicException,
        ErrorCode.Local_UnknownTopic,
        ErrorCode.TopicAuthorizationFailed,
        ErrorCode.PolicyViolation,
        ErrorCode.Local_InvalidArg,
    ];

    public static bool IsPermanent(Error error) => !error.IsFatal && Permanent.Contains(error.Code);

    public static string Describe(Error error) => $"{error.Code}: {error.Reason}";
}
