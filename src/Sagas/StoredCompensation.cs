namespace EventFramework;

/// <summary>A recorded compensation as stored with the saga: a serialized message waiting to be sent.</summary>
public sealed record StoredCompensation(string Destination, string Key, string Type, byte[] Payload);
