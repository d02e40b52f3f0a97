using System.Text.Json.Nodes;

namespace EventFramework;

/// <summary>
/// Turns a stored payload of an old type name into the shape of a newer one, at read time.
/// Upcasters chain: v1 → v2 → v3.
/// </summary>
/// <param name="FromType">The stored type name this upcaster reads.</param>
/// <param name="ToType">The type name its output has.</param>
/// <param name="Transform">Rewrites the JSON object (it may be changed in place and returned).</param>
public sealed record Upcaster(string FromType, string ToType, Func<JsonObject, JsonObject> Transform);
