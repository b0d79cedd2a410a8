import { Column, Entity, PrimaryColumn } from 'typeorm';
import { isoDate } from '../../../../../shared/transformers';

/** Exceptions to the Monday-Friday week: public holidays and the weekend days worked instead. */
@Entity({ name: 'calendar_days' })
export class CalendarDayEntity {
  @PrimaryColumn({ type: 'date', transformer: isoDate })
  day: string;

  @Column({ type: 'boolean' })
  working: boolean;

  @Column({ type: 'text' })
  note: string;
}
