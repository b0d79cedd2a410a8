import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, Directive, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { AuditTrailKey, DepartmentAudit, auditField } from '../../../../../shared/audit-trail';
import { Department } from '../../../../../shared/graphql-types';
import type { SubgraphContext } from '../../../../../shared/subgraph';
import type { Services } from '../../services';
import { PARTNERS } from '../eligibility/eligibility.service';
import type { AuditLoaders } from './audit.loaders';
import { AssembledTrail } from './audit.service';
import { AuditEntry, AuditKind, AuditTrail } from './audit.type';

type Context = SubgraphContext<AuditLoaders>;

/** The trail as the last fetch sees it: its key and each partner's answer (`@requires`). */
type TrailWithAnswers = AuditTrailKey & Record<string, unknown>;

const REQUIRED = PARTNERS.map(auditField).join(' ');
const ANSWER = { type: () => GraphQLJSONObject, nullable: true };

@Resolver(() => AuditTrail)
export class AuditTrailResolver {
  constructor(private readonly services: Services) {}

  @Query(() => AuditTrail, {
    nullable: true,
    description:
      "Who read or changed the subject's data, from which department, and which fields (ADMIN of the subject's region; CIVIL_AFFAIRS ADMIN for the whole country)",
  })
  async auditTrail(
    @Arg('idNumber', () => String) idNumber: string,
    @Arg('since', () => String, { nullable: true, description: 'ISO date; the whole history without it' })
    since: string | null,
    @Ctx() ctx: Context,
  ): Promise<AuditTrail> {
    const trail = await this.services.auditTrail.open(idNumber, since, ctx.identity);
    // asking for the trail is itself a read of the subject's data
    ctx.audit.read(trail.idNumber, 'auditTrail', ['auditTrail']);
    return trail;
  }

  // each partner's answer, resolved by that partner in the plan (declared here to be @required)
  @FieldResolver(ANSWER.type, { nullable: true, name: 'disabilityAudit' })
  @Directive('@external')
  disabilityAudit(@Root() t: TrailWithAnswers) {
    return t.disabilityAudit;
  }

  @FieldResolver(ANSWER.type, { nullable: true, name: 'tradeUnionAudit' })
  @Directive('@external')
  tradeUnionAudit(@Root() t: TrailWithAnswers) {
    return t.tradeUnionAudit;
  }

  @FieldResolver(ANSWER.type, { nullable: true, name: 'healthAudit' })
  @Directive('@external')
  healthAudit(@Root() t: TrailWithAnswers) {
    return t.healthAudit;
  }

  @FieldResolver(ANSWER.type, { nullable: true, name: 'charityAudit' })
  @Directive('@external')
  charityAudit(@Root() t: TrailWithAnswers) {
    return t.charityAudit;
  }

  @FieldResolver(() => [AuditEntry], { description: "every department's entries, newest first" })
  @Directive(`@requires(fields: "${REQUIRED}")`)
  async entries(@Root() trail: TrailWithAnswers, @Ctx() ctx: Context): Promise<AuditEntry[]> {
    return (await this.assembled(trail, ctx)).entries.map((e) => ({
      ...e,
      department: e.department as Department,
      kind: e.kind as AuditKind,
    }));
  }

  @FieldResolver(() => Boolean, {
    description: "false when any department's chain fails or a department could not answer",
  })
  @Directive(`@requires(fields: "${REQUIRED}")`)
  async verified(@Root() trail: TrailWithAnswers, @Ctx() ctx: Context): Promise<boolean> {
    return (await this.assembled(trail, ctx)).unverified.length === 0;
  }

  @FieldResolver(() => [Department], {
    description: 'the departments whose chain failed verification or that could not answer',
  })
  @Directive(`@requires(fields: "${REQUIRED}")`)
  async unverified(@Root() trail: TrailWithAnswers, @Ctx() ctx: Context): Promise<Department[]> {
    return (await this.assembled(trail, ctx)).unverified;
  }

  private async assembled(trail: TrailWithAnswers, ctx: Context): Promise<AssembledTrail> {
    const own = await ctx.loaders.ownAuditTrail.load(trail);
    const answers = Object.fromEntries(
      PARTNERS.map((d) => [d, trail[auditField(d)] as DepartmentAudit | null | undefined]),
    );
    return this.services.auditTrail.assemble(own, answers);
  }
}
