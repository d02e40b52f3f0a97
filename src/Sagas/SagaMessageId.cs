using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace EventFramework.Sagas;

/// <summary>
/// Ids of what a handled message produces (outgoing messages, timeouts): a name-based UUID of the
/// handled message's id, the saga and an index, so a retried or redelivered message produces the
/// same ids and the outbox's unique message id would refuse a second copy.
/// </summary>
internal static class SagaMessageId
{
    public static Guid For(Guid handled, string sagaType, string sagaId, int index)
    {
        var name = sagaType + "\0" + sagaId;
        var input = new byte[20 + Encoding.UTF8.GetByteCount(name)];
        handled.TryWriteBytes(input, bigEndian: true, out _);
        BinaryPrimitives.WriteInt32BigEndian(input.AsSpan(16), index);
        Encoding.UTF8.GetBytes(name, input.AsSpan(20));
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
