import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { RegionLevel } from '../../../../../shared/regions';

registerEnumType(RegionLevel, { name: 'RegionLevel' });

@ObjectType({
  description: 'A national statistical division: province, city, county, township/street, village/community',
})
export class Region {
  @Field(() => String, { description: 'division code: 2, 4, 6, 9 or 12 digits' })
  code: string;

  @Field(() => String)
  name: string;

  @Field(() => RegionLevel)
  level: RegionLevel;

  parentCode: string | null;
}
