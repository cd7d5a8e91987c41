using MailKit.Net.Smtp;
using Microsoft.AspNetCore.DataProtection;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MimeKit;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Features.Notifications;

public sealed class EmailOptions
{
    public const string Section = "Email";

    /// SMTP server. Empty: mails are written as .eml files to <see cref="PickupDirectory"/>.
    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 587;
    public bool UseStartTls { get; set; } = true;
    public string? Username { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "ProsessLøp <ikke-svar@prosesslop.no>";

    /// Where .eml files go without an SMTP server (relative to the repository root).
    public string PickupDirectory { get; set; } = "artifacts/mail";

    /// The address people open links in e-mails at.
    public string BaseUrl { get; set; } = "http://localhost:5160";

    /// Attempts before a message is given up and listed as failed.
    public int MaxAttempts { get; set; } = 6;

    /// E-mail addresses per owning organisation (as named in definitions' owners and recipients),
    /// e.g. Email__Organisations__KS__0=post@ks.no.
    public Dictionary<string, List<string>> Organisations { get; set; } = [];
}

/// An e-mail waiting to be sent. Written in the same transaction as the change that caused it,
/// so a change never happens without its mail and a rolled-back change never sends one.
public sealed class OutboxMessage
{
    public Guid Id { get; init; }
    public List<string> To { get; init; } = [];
    public required string Subject { get; init; }
    public required string Html { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset? FailedAt { get; set; }
    public string? LastError { get; set; }

    /// The body holds a one-time secret (an invitation link): stored encrypted with the host's
    /// Data Protection keys and wiped once sent, so the link is never kept in clear.
    public bool Protected { get; set; }
}

internal sealed class OutboxMessageMap : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> e)
    {
        e.ToTable("outbox_messages");
        e.Property(m => m.Subject).HasMaxLength(300);
        e.Property(m => m.LastError).HasMaxLength(2000);
        // The relay reads only what is still to send: a small partial index, not a scan.
        e.HasIndex(m => m.NextAttemptAt).HasFilter("sent_at IS NULL AND failed_at IS NULL");
        e.HasIndex(m => m.FailedAt).HasFilter("failed_at IS NOT NULL");
    }
}

public static class OrganisationAddresses
{
    /// The configured addresses of these organisations, each once.
    public static IReadOnlyList<string> For(this EmailOptions options, IEnumerable<string> organisations) =>
        organisations.SelectMany(o => options.Organisations.GetValueOrDefault(o) ?? [])
            .Where(a => !string.IsNullOrWhiteSpace(a))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

    /// Organisations the definitions name as owners, status or escalation recipients that have no address: their
    /// escalations and status mails would reach nobody, so the host says so at start-up.
    public static IReadOnlyList<string> Missing(this EmailOptions options, IEnumerable<ProsessLop.Workflow.Definitions.ProgrammeDefinition> definitions) =>
        definitions.SelectMany(d => d.Owners
                .Concat(d.StatusCompilation?.Recipients ?? [])
                .Concat(d.Reminders?.EscalationRecipients(d.Owners) ?? []))
            .Distinct(StringComparer.Ordinal)
            .Where(o => options.For([o]).Count == 0)
            .Order(StringComparer.Ordinal)
            .ToList();
}

public sealed record EmailMessage(IReadOnlyList<string> To, string Subject, string Html, string Text)
{
    /// Every HTML mail in one shell: Norwegian (`lang`, for screen readers in mail clients), titled
    /// by its subject, and saying it was sent automatically. In the recipient's standard when the
    /// mail is (`recipient`: nb-NO or nn-NO); bokmål otherwise, never the sender's page culture.
    public static string Document(string subject, string body, System.Globalization.CultureInfo? recipient = null) => $"""
        <!DOCTYPE html>
        <html lang="{Infrastructure.Language.WrittenStandards.Code(recipient ?? Infrastructure.Language.WrittenStandards.Bokmal)}"><head><meta charset="utf-8"><title>{System.Net.WebUtility.HtmlEncode(subject)}</title></head>
        <body style="font-family: sans-serif; color: #1a1a1a;">
        {body}<p style="color: #555;">{SentAutomaticallyIn(recipient)}</p>
        </body></html>
        """;

    /// The line plain-text mails end with, as the HTML shell does (bokmål).
    public const string SentAutomatically = "Denne e-posten er sendt automatisk av ProsessLøp.";

    /// The same line in the recipient's standard.
    public static string SentAutomaticallyIn(System.Globalization.CultureInfo? recipient) =>
        recipient is null ? SentAutomatically : Texts.ResourceManager.GetString(nameof(Texts.Email_SentAutomatically), recipient) ?? SentAutomatically;
}

/// Adds e-mails to the current unit of work; the pipeline's transaction commits them with the
/// change, and the relay job sends them.
public sealed class EmailOutbox(ProsessDb db, TimeProvider clock, Microsoft.AspNetCore.DataProtection.IDataProtectionProvider protection)
{
    public const string ProtectionPurpose = "ProsessLop.Outbox.v1";

    /// Text left in a protected message once it is sent.
    public const string Wiped = "(Sendt. Innholdet holdt en engangslenke og er fjernet.)";

    public void Enqueue(EmailMessage message, bool carriesSecret = false)
    {
        var to = message.To.Where(a => !string.IsNullOrWhiteSpace(a)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (to.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        db.Add(new OutboxMessage
        {
            Id = Guid.CreateVersion7(),
            To = to,
            Subject = message.Subject,
            Html = carriesSecret ? Protector(protection).Protect(message.Html) : message.Html,
            Text = carriesSecret ? Protector(protection).Protect(message.Text) : message.Text,
            Protected = carriesSecret,
            CreatedAt = now,
            NextAttemptAt = now,
        });
    }

    public static Microsoft.AspNetCore.DataProtection.IDataProtector Protector(Microsoft.AspNetCore.DataProtection.IDataProtectionProvider provider) =>
        provider.CreateProtector(ProtectionPurpose);

    /// The message as it is to be sent: a protected body decrypted, in a copy.
    public static OutboxMessage Readable(OutboxMessage message, Microsoft.AspNetCore.DataProtection.IDataProtectionProvider provider)
    {
        if (!message.Protected)
        {
            return message;
        }

        var protector = Protector(provider);
        return new OutboxMessage
        {
            Id = message.Id, To = message.To, Subject = message.Subject, Html = protector.Unprotect(message.Html), Text = protector.Unprotect(message.Text),
            CreatedAt = message.CreatedAt, Attempts = message.Attempts, NextAttemptAt = message.NextAttemptAt,
        };
    }
}

/// Delivers one message: over SMTP (MailKit) when a server is configured, else as an .eml file
/// a newcomer can open.
public interface IEmailSender
{
    Task SendAsync(OutboxMessage message, CancellationToken ct);
}

public sealed class MailKitSender(Microsoft.Extensions.Options.IOptions<EmailOptions> options, IHostEnvironment environment) : IEmailSender
{
    public async Task SendAsync(OutboxMessage message, CancellationToken ct)
    {
        var o = options.Value;
        var mime = new MimeMessage { Subject = message.Subject, MessageId = $"{message.Id}@prosesslop" };
        mime.From.Add(MailboxAddress.Parse(o.From));
        mime.To.AddRange(message.To.Select(MailboxAddress.Parse));
        mime.Body = new BodyBuilder { HtmlBody = message.Html, TextBody = message.Text }.ToMessageBody();

        if (string.IsNullOrWhiteSpace(o.SmtpHost))
        {
            var directory = PickupDirectory(o, environment);
            Directory.CreateDirectory(directory);
            await mime.WriteToAsync(Path.Combine(directory, $"{message.CreatedAt:yyyyMMdd-HHmmss}-{message.Id}.eml"), ct);
            return;
        }

        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(o.SmtpHost, o.SmtpPort, o.UseStartTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None, ct);
        if (!string.IsNullOrEmpty(o.Username))
        {
            await smtp.AuthenticateAsync(o.Username, o.Password ?? "", ct);
        }

        await smtp.SendAsync(mime, ct);
        await smtp.DisconnectAsync(true, ct);
    }

    public static string PickupDirectory(EmailOptions o, IHostEnvironment environment) =>
        Path.IsPathRooted(o.PickupDirectory)
            ? o.PickupDirectory
            : Path.Combine(Infrastructure.RepositoryRoot.Find(environment.ContentRootPath), o.PickupDirectory);
}
