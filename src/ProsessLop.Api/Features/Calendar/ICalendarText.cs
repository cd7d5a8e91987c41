using System.Globalization;
using System.Text;

namespace ProsessLop.Api.Features.Calendar;

/// Just enough RFC 5545 to publish deadlines: CRLF line ends, lines folded at 75 octets
/// (never inside a UTF-8 sequence) and TEXT values escaped.
public sealed class ICalendarText
{
    private const int MaxOctets = 75;
    private readonly StringBuilder _text = new();

    public ICalendarText Property(string name, string value) => Line($"{name}:{value}");

    public ICalendarText Text(string name, string value) => Property(name, Escape(value));

    public ICalendarText Date(string name, DateOnly date) => Property($"{name};VALUE=DATE", date.ToString("yyyyMMdd", CultureInfo.InvariantCulture));

    public ICalendarText Timestamp(string name, DateTimeOffset at) => Property(name, at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));

    public override string ToString() => _text.ToString();

    public static string Escape(string value) => value
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace(";", "\\;", StringComparison.Ordinal)
        .Replace(",", "\\,", StringComparison.Ordinal)
        .Replace("\r\n", "\\n", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal)
        .Replace("\r", "\\n", StringComparison.Ordinal);

    private ICalendarText Line(string line)
    {
        // A continuation line starts with one space, which counts towards its 75 octets.
        var octets = 0;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > MaxOctets)
            {
                _text.Append("\r\n ");
                octets = 1;
            }

            _text.Append(rune.ToString());
            octets += size;
        }

        _text.Append("\r\n");
        return this;
    }
}
