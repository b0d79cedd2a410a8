/**
 * A partner department's programs: its pack of eligibility rules (programs/*.json in the subgraph),
 * who is enrolled (its own table), and the `Subject.programEligibility` field that civil affairs
 * reads through federation with the shared facts it `@requires`. Same for all four partners.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import DataLoader from 'dataloader';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Column, DataSource, Entity, MigrationInterface, PrimaryColumn, QueryRunner } from 'typeorm';
import { Arg, Ctx, Directive, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { parseIsoDate } from './dates';
import type { Identity } from './auth';
import { parseIdNumber } from './id-number';
import { assertPartnerRecordShown } from './partner-subject';
import { Department } from './departments';
import type { Facts } from './policy/conditions';
import {
  ProgramDecision,
  ProgramPack,
  ProgramResult,
  decidePrograms,
  evaluatePrograms,
  programPackSchema,
} from './policy/programs';
import { isoDate } from './transformers';
import { SelectBy, selectByAny } from './select-by';

@Entity({ name: 'program_enrollments' })
export class ProgramEnrollmentEntity {
  @PrimaryColumn({ name: 'id_number', type: 'varchar', length: 18 })
  idNumber: string;

  @PrimaryColumn({ name: 'program_id', type: 'varchar', length: 80 })
  programId: string;

  @Column({ type: 'date', transformer: isoDate })
  since: string;
}

export class ProgramEnrollments1764000000900 implements MigrationInterface {
  name = 'ProgramEnrollments1764000000900';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE program_enrollments (
        id_number  varchar(18) NOT NULL,
        program_id varchar(80) NOT NULL,
        since      date NOT NULL,
        PRIMARY KEY (id_number, program_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE program_enrollments`);
  }
}

/** Reads and validates the one program pack in `dir` (a subgraph's programs/ folder). */
export function loadProgramPack(dir: string): ProgramPack {
  const [file] = readdirSync(dir).filter((f) => f.endsWith('.json'));
  if (!file) throw new Error(`no program pack in ${dir}`);
  const parsed = programPackSchema.safeParse(JSON.parse(readFileSync(path.join(dir, file), 'utf8')));
  if (!parsed.success)
    throw new Error(
      `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

export class ProgramService {
  private readonly enrollments: SelectBy<ProgramEnrollmentEntity>;

  constructor(
    private readonly db: DataSource,
    readonly pack: ProgramPack,
  ) {
    this.enrollments = selectByAny(db, ProgramEnrollmentEntity, 'idNumber');
  }

  /** Records that a person receives one of this department's programs (a completed referral). */
  async enroll(idNumber: string, programId: string, since: string): Promise<boolean> {
    if (!this.pack.programs.some((p) => `${this.pack.department}:${p.id}` === programId)) return false;
    await this.db.query(
      `INSERT INTO program_enrollments (id_number, program_id, since) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [idNumber, programId, since],
    );
    return true;
  }

  /** Every program for each person: one query for all enrollments. */
  async evaluate(people: Array<{ idNumber: string; facts: Facts }>): Promise<ProgramResult[][]> {
    const enrolled = await this.enrolled(people);
    return people.map((p) => evaluatePrograms(this.pack, p.facts, enrolled.get(p.idNumber)));
  }

  /** `evaluate` without the reasons (the monthly reports print only the decisions). */
  async decide(people: Array<{ idNumber: string; facts: Facts }>): Promise<ProgramDecision[][]> {
    const enrolled = await this.enrolled(people);
    return people.map((p) => decidePrograms(this.pack, p.facts, enrolled.get(p.idNumber)));
  }

  /** The programs each of these people is enrolled in, by ID number. */
  private async enrolled(people: Array<{ idNumber: string }>): Promise<Map<string, Set<string>>> {
    const enrollments = people.length ? await this.enrollments(people.map((p) => p.idNumber)) : [];
    const byPerson = new Map<string, Set<string>>();
    for (const e of enrollments) {
      if (!byPerson.has(e.idNumber)) byPerson.set(e.idNumber, new Set());
      byPerson.get(e.idNumber)!.add(e.programId);
    }
    return byPerson;
  }
}

/** The internal field each partner resolves its programs on: disabilityPrograms, tradeUnionPrograms, … */
export function programsField(department: Department): string {
  return department.toLowerCase().replace(/_(\w)/g, (_m, c: string) => c.toUpperCase()) + 'Programs';
}

export interface SubjectWithFacts {
  idNumber: string;
  eligibilityFacts?: Facts;
}

/** A batch of people's answers, each on civil affairs' facts with this department's own laid over them. */
function programLoader<R>(
  ownFacts: (idNumber: string) => Promise<Facts>,
  answer: (people: Array<{ idNumber: string; facts: Facts }>) => Promise<R[]>,
) {
  return new DataLoader<SubjectWithFacts, R, string>(
    async (subjects) => {
      const own = await Promise.all(subjects.map((s) => ownFacts(s.idNumber)));
      return answer(
        subjects.map((s, i) => ({
          idNumber: s.idNumber,
          facts: { ...(s.eligibilityFacts ?? {}), ...own[i] },
        })),
      );
    },
    { cacheKeyFn: (s) => s.idNumber },
  );
}

/**
 * The programs of each person of a request in one batch: civil affairs' facts (`@requires`) with
 * this department's own facts about the person laid over them — its own record is the one it trusts.
 */
export function programEligibilityLoader(
  programs: ProgramService,
  ownFacts: (idNumber: string) => Promise<Facts>,
) {
  return programLoader(ownFacts, (people) => programs.evaluate(people));
}

/** The same answers without the reasons, for a monthly report page. */
export function programDecisionsLoader(
  programs: ProgramService,
  ownFacts: (idNumber: string) => Promise<Facts>,
) {
  return programLoader(ownFacts, (people) => programs.decide(people));
}

/** `Subject.programEligibility`, resolved with the facts civil affairs supplies (`@requires`). */
export function createProgramEligibilityResolver(
  subjectType: new () => { idNumber: string },
  department: Department,
) {
  @Resolver(() => subjectType)
  class ProgramEligibilityResolver {
    @FieldResolver(() => [GraphQLJSONObject], {
      nullable: true,
      name: programsField(department),
      description: "this department's programs for the subject, evaluated on the shared facts (internal)",
    })
    @Directive('@requires(fields: "eligibilityFacts regionScope")')
    @Directive('@inaccessible')
    programEligibility(
      @Root() subject: SubjectWithFacts,
      @Ctx()
      ctx: {
        identity: Identity;
        loaders: { programEligibility: ReturnType<typeof programEligibilityLoader> };
      },
    ) {
      assertPartnerRecordShown(subject, ctx.identity);
      return ctx.loaders.programEligibility.load(subject);
    }
  }
  return ProgramEligibilityResolver;
}

/**
 * `recordProgramEnrollment`: civil affairs' outbox tells the department a referral to one of its
 * programs was completed. Internal (@inaccessible, and called only by civil affairs' service account);
 * the same in every partner, hence @shareable.
 */
@Resolver()
export class ProgramEnrollmentResolver {
  constructor(private readonly programs: ProgramService) {}

  @Mutation(() => Boolean, { description: 'records a completed referral as an enrolment (internal)' })
  @Directive('@inaccessible')
  @Directive('@shareable')
  async recordProgramEnrollment(
    @Arg('idNumber', () => String) idNumber: string,
    @Arg('programId', () => String) programId: string,
    @Arg('since', () => String) since: string,
  ): Promise<boolean> {
    return this.programs.enroll(
      parseIdNumber(idNumber, 'idNumber').idNumber,
      programId,
      parseIsoDate(since, 'since'),
    );
  }
}
