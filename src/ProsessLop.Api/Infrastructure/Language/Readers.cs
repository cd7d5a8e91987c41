using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Infrastructure.Language;

/// The standard each recipient of a mail or notification reads — never the sender's: the person's
/// own choice (by person id, or by the address of a person here), else the decision of the
/// participant the address is a contact of (or the programme's participant), else bokmål.
/// Loaded once per sweep: two small queries.
public sealed class Readers
{
    public sealed record Contact(string Email, string? PersonId, string ParticipantId);

    private readonly Dictionary<string, WrittenStandard> chosenByPerson;
    private readonly Dictionary<string, WrittenStandard> chosenByAddress;
    private readonly Dictionary<string, WrittenStandard> participantOfAddress;
    private readonly Dictionary<Guid, WrittenStandard> participantOfProgramme;

    private Readers(
        Dictionary<string, WrittenStandard> chosenByPerson, Dictionary<string, WrittenStandard> chosenByAddress,
        Dictionary<string, WrittenStandard> participantOfAddress, Dictionary<Guid, WrittenStandard> participantOfProgramme) =>
        (this.chosenByPerson, this.chosenByAddress, this.participantOfAddress, this.participantOfProgramme) =
            (chosenByPerson, chosenByAddress, participantOfAddress, participantOfProgramme);

    /// `contacts`: the participants' contacts that may receive something; `programmes`: programme id →
    /// its participant; `otherAddresses`: addresses that are no contact (escalations to owners).
    public static async Task<Readers> LoadAsync(
        ProsessDb db, IReadOnlyCollection<Contact> contacts, IReadOnlyDictionary<Guid, string> programmes,
        IEnumerable<string> otherAddresses, CancellationToken ct)
    {
        var addresses = contacts.Select(c => c.Email).Concat(otherAddresses).Select(Key).Distinct().ToList();
        var personIds = contacts.Select(c => c.PersonId).OfType<string>().Distinct().ToList();
        var chosen = await db.People.AsNoTracking()
            .Where(p => p.WrittenStandard != null && (personIds.Contains(p.Id) || addresses.Contains(p.Email)))
            .Select(p => new { p.Id, p.Email, Standard = p.WrittenStandard!.Value })
            .ToListAsync(ct);
        var decisions = await WrittenStandards.DecisionsAsync(db, [.. contacts.Select(c => c.ParticipantId).Concat(programmes.Values).Distinct()], ct);

        var ofAddress = new Dictionary<string, WrittenStandard>(StringComparer.Ordinal);
        foreach (var byAddress in contacts.GroupBy(c => Key(c.Email)))
        {
            if (WrittenStandards.OfParticipants(byAddress.Select(c => decisions.GetValueOrDefault(c.ParticipantId))) is { } decided)
            {
                ofAddress[byAddress.Key] = decided;
            }
        }

        return new Readers(
            chosen.ToDictionary(p => p.Id, p => p.Standard, StringComparer.Ordinal),
            chosen.GroupBy(p => Key(p.Email)).ToDictionary(g => g.Key, g => g.First().Standard, StringComparer.Ordinal),
            ofAddress,
            programmes.Where(p => decisions.ContainsKey(p.Value)).ToDictionary(p => p.Key, p => decisions[p.Value]));
    }

    /// The culture to write to this recipient in.
    public CultureInfo Of(string? address, string? personId, Guid? programmeId)
    {
        var key = address is null ? null : Key(address);
        var standard =
            personId is not null && chosenByPerson.TryGetValue(personId, out var mine) ? mine
            : key is not null && chosenByAddress.TryGetValue(key, out var theirs) ? theirs
            : key is not null && participantOfAddress.TryGetValue(key, out var participant) ? participant
            : programmeId is { } id && participantOfProgramme.TryGetValue(id, out var programme) ? programme
            : WrittenStandard.Bokmal;
        return WrittenStandards.CultureOf(standard);
    }

    private static string Key(string address) => address.Trim().ToLowerInvariant();
}
