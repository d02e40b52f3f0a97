using System.Security.Cryptography;

namespace EventFramework;

/// <summary>
/// Event ids derived from a command id (a name-based, version 5 style UUID of the command id,
/// the stream and the event's index), so the same command always produces the same ids and the
/// store's unique event id recognises a redelivered command. The stream is part of the name:
/// one message may drive commands on several streams.
/// </summary>
public static class DeterministicEventId
{
    /// <summary>The id of the <paramref name="index"/>th event produced by <paramref name="commandId"/> on <paramref name="stream"/>.</summary>
    public static Guid For(Guid commandId, StreamName stream, int index)
    {
        var name = stream.Value;
        var input = new byte[20 + System.Text.Encoding.UTF8.GetByteCount(name)];
        commandId.TryWriteBytes(input, bigEndian: true, out _);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(input.AsSpan(16), index);
        System.Text.Encoding.UTF8.GetBytes(name, input.AsSpan(20));
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(hash[..16], bigEndian: true);
    }
}
