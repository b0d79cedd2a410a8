import { DataSource } from 'typeorm';
import type { Identity } from '../../../../shared/auth';
import { parseIsoDate } from '../../../../shared/dates';
import { Department } from '../../../../shared/departments';
import { InvalidInputError } from '../../../../shared/errors';
import { parseIdNumber } from '../../../../shared/id-number';
import { checkSubjectRecordWrite } from '../../../../shared/partner-subject';
import { publishFacts } from '../../../../shared/partner-facts';
import type { PartnerKit } from '../../../../shared/partner-subgraph';
import type { Facts } from '../../../../shared/policy/conditions';
import { UnionMemberEntity } from '../entities/union-member.entity';
import { DifficultyLevel } from '../types/enums';
import type { UnionMemberInput } from '../types/trade-union.input';
import { SelectBy, selectByAny } from '../../../../shared/select-by';

export interface DifficultWorkerRecord {
  level: DifficultyLevel;
  since: string;
  reason: string;
}

/** A person's union record as the rest of the code sees it: the difficult-worker columns as one value. */
export interface UnionMemberRecord {
  idNumber: string;
  member: boolean;
  employer: string | null;
  difficultWorker: DifficultWorkerRecord | null;
}

const MAX_EMPLOYER = 200;
const MAX_REASON = 500;

export class TradeUnionService {
  private readonly members: SelectBy<UnionMemberEntity>;

  constructor(
    private readonly db: DataSource,
    private readonly kit: PartnerKit,
  ) {
    this.members = selectByAny(db, UnionMemberEntity, 'idNumber');
  }

  async byIdNumbers(idNumbers: readonly string[]): Promise<UnionMemberRecord[]> {
    const rows = await this.members(idNumbers);
    return rows.map(toRecord);
  }

  /**
   * Records or updates the union record. A field left out of the input keeps its stored value;
   * `employer: null` and `difficultWorker: null` clear them; `member` defaults to true.
   */
  async record(input: UnionMemberInput, identity: Identity): Promise<UnionMemberRecord> {
    const { birthDate } = parseIdNumber(input.idNumber, 'idNumber');
    const member = input.member ?? true;
    let employer: string | null | undefined = input.employer;
    if (employer != null) {
      employer = employer.trim() || null;
      if (employer && employer.length > MAX_EMPLOYER) {
        throw new InvalidInputError('employer', `must be at most ${MAX_EMPLOYER} characters`, 'LENGTH');
      }
    }
    let difficultWorker: DifficultWorkerRecord | null | undefined = undefined;
    if (input.difficultWorker === null) difficultWorker = null;
    else if (input.difficultWorker) {
      const { level } = input.difficultWorker;
      if (!Object.values(DifficultyLevel).includes(level)) {
        throw new InvalidInputError('difficultWorker.level', `unknown level ${level}`, 'ENUM');
      }
      const since = parseIsoDate(input.difficultWorker.since, 'difficultWorker.since');
      if (since < birthDate) {
        throw new InvalidInputError('difficultWorker.since', 'is before the birth date', 'DATE_ORDER');
      }
      const reason = (input.difficultWorker.reason ?? '').trim();
      if (!reason) throw new InvalidInputError('difficultWorker.reason', 'must not be empty', 'REQUIRED');
      if (reason.length > MAX_REASON) {
        throw new InvalidInputError(
          'difficultWorker.reason',
          `must be at most ${MAX_REASON} characters`,
          'LENGTH',
        );
      }
      difficultWorker = { level, since, reason };
    }
    const subject = await checkSubjectRecordWrite(this.kit.registry, identity, input.idNumber);
    // membership and the difficult-worker level reach civil affairs through the outbox, with the record
    const row = await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO union_members AS m (id_number, member, employer, difficult_level, difficult_since, difficult_reason)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id_number) DO UPDATE SET
         member = EXCLUDED.member,
         employer = CASE WHEN $7::boolean THEN EXCLUDED.employer ELSE m.employer END,
         difficult_level = CASE WHEN $8::boolean THEN EXCLUDED.difficult_level ELSE m.difficult_level END,
         difficult_since = CASE WHEN $8::boolean THEN EXCLUDED.difficult_since ELSE m.difficult_since END,
         difficult_reason = CASE WHEN $8::boolean THEN EXCLUDED.difficult_reason ELSE m.difficult_reason END,
         updated_at = now()`,
        [
          subject.idNumber,
          member,
          employer ?? null,
          difficultWorker?.level ?? null,
          difficultWorker?.since ?? null,
          difficultWorker?.reason ?? null,
          employer !== undefined,
          difficultWorker !== undefined,
        ],
      );
      const written = await tx
        .getRepository(UnionMemberEntity)
        .findOneByOrFail({ idNumber: subject.idNumber });
      await publishFacts(
        this.kit.outbox,
        tx,
        Department.TRADE_UNION,
        subject.idNumber,
        unionFacts(toRecord(written)),
      );
      return written;
    });
    await this.kit.factsPublished();
    return toRecord(row);
  }
}

/** What the union's record says for eligibility and tier rules. */
export function unionFacts(record: UnionMemberRecord | null): Facts {
  return {
    unionMember: record ? record.member : null,
    difficultWorkerLevel: record?.difficultWorker?.level ?? null,
  };
}

function toRecord(row: UnionMemberEntity): UnionMemberRecord {
  return {
    idNumber: row.idNumber,
    member: row.member,
    employer: row.employer,
    difficultWorker:
      row.difficultLevel && row.difficultSince && row.difficultReason
        ? {
            level: row.difficultLevel as DifficultyLevel,
            since: row.difficultSince,
            reason: row.difficultReason,
          }
        : null,
  };
}
