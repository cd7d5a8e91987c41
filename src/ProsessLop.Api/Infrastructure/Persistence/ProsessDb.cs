using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Features.Deviations;
using ProsessLop.Api.Features.Learning;
using ProsessLop.Api.Features.Risks;
using ProsessLop.Api.Features.Journal;
using ProsessLop.Api.Features.Notifications;
using ProsessLop.Api.Features.Participants;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Features.StatusReports;
using ProsessLop.Api.Features.Calendar;
using ProsessLop.Api.Features.People;

namespace ProsessLop.Api.Infrastructure.Persistence;

/// Also keeps the ASP.NET Core Data Protection keys (IDataProtectionKeyContext), so every replica
/// signs and reads cookies and antiforgery tokens with the same keys, across restarts.
public sealed class ProsessDb(DbContextOptions<ProsessDb> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<Municipality> Municipalities => Set<Municipality>();
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<IdempotencyKey> IdempotencyKeys => Set<IdempotencyKey>();
    public DbSet<WriteCount> WriteCounts => Set<WriteCount>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<PublishedDefinition> PublishedDefinitions => Set<PublishedDefinition>();
    public DbSet<DefinitionDraft> DefinitionDrafts => Set<DefinitionDraft>();
    public DbSet<DefinitionDraftRevision> DefinitionDraftRevisions => Set<DefinitionDraftRevision>();
    public DbSet<DefinitionDraftApproval> DefinitionDraftApprovals => Set<DefinitionDraftApproval>();
    public DbSet<Programme> Programmes => Set<Programme>();
    public DbSet<JournalEntry> JournalEntries => Set<JournalEntry>();
    public DbSet<ContactPerson> ContactPersons => Set<ContactPerson>();
    public DbSet<TaskAssignment> TaskAssignments => Set<TaskAssignment>();
    public DbSet<ReportDraft> ReportDrafts => Set<ReportDraft>();
    public DbSet<Features.Publication.ReportPublication> ReportPublications => Set<Features.Publication.ReportPublication>();
    public DbSet<Features.Publication.PublicationVersion> PublicationVersions => Set<Features.Publication.PublicationVersion>();
    public DbSet<Features.Publication.RecommendationDocument> RecommendationDocuments => Set<Features.Publication.RecommendationDocument>();
    public DbSet<Comment> Comments => Set<Comment>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<Features.Reminders.ReminderDelivery> ReminderDeliveries => Set<Features.Reminders.ReminderDelivery>();
    public DbSet<Deviation> Deviations => Set<Deviation>();
    public DbSet<Risk> Risks => Set<Risk>();
    public DbSet<LearningEntry> LearningEntries => Set<LearningEntry>();
    public DbSet<StatusSnapshot> StatusSnapshots => Set<StatusSnapshot>();
    public DbSet<CalendarFeed> CalendarFeeds => Set<CalendarFeed>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<ExternalIdentity> ExternalIdentities => Set<ExternalIdentity>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<SignInSession> SignInSessions => Set<SignInSession>();
    public DbSet<PersonalAccessToken> PersonalAccessTokens => Set<PersonalAccessToken>();
    public DbSet<Invitation> Invitations => Set<Invitation>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Each feature maps its own tables (IEntityTypeConfiguration beside the entity).
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ProsessDb).Assembly);
        modelBuilder.HasDbFunction(typeof(LearningSearch).GetMethod(nameof(LearningSearch.BaseForms))!).HasName(LearningSearch.BaseFormsFunction);
    }
}
