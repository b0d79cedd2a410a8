import { randomUUID } from 'node:crypto';
import { Any, DataSource, Not } from 'typeorm';
import type { Identity } from '../../../../shared/auth';
import { ConflictError, InvalidInputError, NotFoundError } from '../../../../shared/errors';
import { checkSubjectRecordWrite } from '../../../../shared/partner-subject';
import type { RegistryClient } from '../../../../shared/registry-client';
import { CharityMatchEntity } from '../entities/charity-match.entity';
import { MatchStatus } from '../types/enums';
import type { CharityMatchInput } from '../types/charity-match.input';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_NOTE = 500;

export class CharityMatchService {
  constructor(
    private readonly db: DataSource,
    private readonly registry: RegistryClient,
  ) {}

  /** The open (not CLOSED) matches of these subjects, oldest first. */
  openByIdNumbers(idNumbers: readonly string[]): Promise<CharityMatchEntity[]> {
    return this.db.getRepository(CharityMatchEntity).find({
      where: { idNumber: Any([...idNumbers]), status: Not(MatchStatus.CLOSED) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /**
   * Matches a subject to a resource (status ACTIVE). The resource row is locked while its open matches
   * are counted, so two concurrent matches cannot both take its last place.
   */
  async match(input: CharityMatchInput, identity: Identity): Promise<CharityMatchEntity> {
    const note = input.note == null ? null : input.note.trim() || null;
    if (note && note.length > MAX_NOTE) {
      throw new InvalidInputError('note', `must be at most ${MAX_NOTE} characters`, 'LENGTH');
    }
    const resourceId = String(input.resourceId ?? '').trim();
    // IDs are opaque to clients: one that is not even a UUID names no resource.
    if (!UUID.test(resourceId)) throw new NotFoundError('charity resource', resourceId, 'resourceId');
    const subject = await checkSubjectRecordWrite(this.registry, identity, input.idNumber);
    try {
      return await this.db.transaction(async (tx) => {
        const [resource] = await tx.query(
          `SELECT id, name, capacity FROM charity_resources WHERE id = $1 FOR UPDATE`,
          [resourceId],
        );
        if (!resource) throw new NotFoundError('charity resource', resourceId, 'resourceId');
        const [{ open, mine }] = await tx.query(
          `SELECT count(*)::int AS open, count(*) FILTER (WHERE id_number = $2)::int AS mine
           FROM charity_matches WHERE resource_id = $1 AND status <> 'CLOSED'`,
          [resourceId, subject.idNumber],
        );
        if (mine > 0)
          throw new ConflictError(`the subject already has an open match to resource ${resourceId}`);
        if (open >= resource.capacity) {
          throw new ConflictError(
            `resource ${resource.name} is full: ${open} open matches of ${resource.capacity}`,
          );
        }
        const id = randomUUID();
        await tx.query(
          `INSERT INTO charity_matches (id, id_number, resource_id, status, note) VALUES ($1, $2, $3, $4, $5)`,
          [id, subject.idNumber, resourceId, MatchStatus.ACTIVE, note],
        );
        return tx.getRepository(CharityMatchEntity).findOneByOrFail({ id });
      });
    } catch (e: any) {
      // the partial unique index, should a write ever bypass the lock above
      if (e.code === '23505')
        throw new ConflictError(`the subject already has an open match to resource ${resourceId}`);
      throw e;
    }
  }
}
