using System.Security.Cryptography;

namespace EventFramework;

/// <summary>
/// Event ids derived from a command id (a name-based, version 5 style UUID of the command id
/// and the event's index), so the same command always produces the same ids and the store's
/// unique event id recognises a redelivered command.
/// </summary>
public static class DeterministicEventId
{
    /// <summary>The id of the <paramref name="index"/>th event produced by <paramref name="commandId"/>.</summary>
    public static Guid For(Guid commandId, int index)
    {
        Span<byte> input = stackalloc byte[20];
        commandId.TryWriteBytes(input, bigEndian: true, out _);
        BitConverter.TryWriteBytes(input[16..], index);
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(hash[..16], bigEndian: true);
    }
}
