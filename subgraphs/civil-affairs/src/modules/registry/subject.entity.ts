import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { isoDate } from '../../../../../shared/transformers';

/** 对象: a person in the registry, known across departments by the 18-character ID number. */
@Entity({ name: 'subjects' })
export class SubjectEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Index({ unique: true })
  @Column({ name: 'id_number', type: 'varchar', length: 18 })
  idNumber: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'varchar', length: 6 })
  sex: string;

  @Column({ name: 'birth_date', type: 'date', transformer: isoDate })
  birthDate: string;

  @Column({ type: 'text', nullable: true })
  phone: string | null;

  /** 户籍地: visits are organised by the township of household registration */
  @Index()
  @Column({ name: 'registered_region_code', type: 'varchar', length: 12 })
  registeredRegionCode: string;

  /** 居住地: may differ (人户分离) */
  @Index()
  @Column({ name: 'residence_region_code', type: 'varchar', length: 12 })
  residenceRegionCode: string;

  @Column({ name: 'household_id', type: 'uuid', nullable: true })
  householdId: string | null;

  /** 与户主关系: HEAD for who filed the household, else the relation given on joining it */
  @Column({ name: 'household_relation', type: 'varchar', length: 16, nullable: true })
  householdRelation: string | null;

  @Column({ name: 'living_alone', type: 'boolean', default: false })
  livingAlone: boolean;

  /** 分散供养 (dispersed support, for 特困) */
  @Column({ name: 'dispersed_support', type: 'boolean', default: false })
  dispersedSupport: boolean;

  @Column({ name: 'marital_status', type: 'varchar', length: 12, nullable: true })
  maritalStatus: string | null;

  @Column({ name: 'registration_type', type: 'varchar', length: 12, nullable: true })
  registrationType: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  employment: string | null;

  /** 基本社会保障: the pension scheme (medical insurance is health's record) */
  @Column({ type: 'varchar', length: 16, nullable: true })
  pension: string | null;

  /** 户籍地址 as text */
  @Column({ name: 'registered_address', type: 'text', nullable: true })
  registeredAddress: string | null;

  /** 居住地址 as text */
  @Column({ name: 'residence_address', type: 'text', nullable: true })
  residenceAddress: string | null;

  /** 家庭主要困难需求, written by the village advisor */
  @Column({ name: 'main_needs', type: 'text', nullable: true })
  mainNeeds: string | null;

  /** 处理方案, written by the village advisor */
  @Column({ name: 'handling_plan', type: 'text', nullable: true })
  handlingPlan: string | null;

  /** special situations the tier rules read (散居孤儿, 留守儿童, …) */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  situations: string[];

  /** set by staff: an exited subject with a stable income (ends exit revisits) */
  @Column({ name: 'stable_income', type: 'boolean', default: false })
  stableIncome: boolean;

  /** 特困 conditions (《社会救助暂行办法》第十四条); null: not known yet */
  @Column({ name: 'no_work_capacity', type: 'boolean', nullable: true })
  noWorkCapacity: boolean | null;

  @Column({ name: 'no_living_source', type: 'boolean', nullable: true })
  noLivingSource: boolean | null;

  /** no person with a legal duty of support (法定赡养、抚养、扶养义务人), or none able to */
  @Column({ name: 'no_capable_supporter', type: 'boolean', nullable: true })
  noCapableSupporter: boolean | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ type: 'int' })
  version: number;
}
